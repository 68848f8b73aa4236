"""Event handlers of the marketing service; HANDLERS at the bottom lists its subscriptions."""

from shared.inbox import HandlerTable

HANDLERS: HandlerTable = {}
