"""Event handlers of the support service; HANDLERS at the bottom lists its subscriptions."""

from shared.inbox import HandlerTable

HANDLERS: HandlerTable = {}
