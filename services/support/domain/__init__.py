"""Pure rules of the support service: return states, ticket states, advisories, trends."""
