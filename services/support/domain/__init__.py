"""Pure rules of the support service: return states, ticket states, advisories, trends."""


class RuleViolation(Exception):
    """A request refused by a business rule or the current state (answered as 409)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail
