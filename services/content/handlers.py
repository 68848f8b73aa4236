"""Event handlers of the content service; HANDLERS at the bottom lists its subscriptions."""

from shared.inbox import HandlerTable

HANDLERS: HandlerTable = {}
