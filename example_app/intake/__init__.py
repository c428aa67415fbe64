"""Applications for funding: input validated the way hostile clients require (docs/input.md).

Hand-read query parameters validated before they reach the ORM, a nested serializer over a
JSON column, choices, limits and formats on every field, and a cross-field ``validate()``
that a partial update passes (it falls back to the stored values).
"""
