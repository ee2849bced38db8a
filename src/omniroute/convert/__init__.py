"""Proto <-> domain translation, one module per service plus `common` for shared types.

Every function here is pure. A request that breaks the contract (required field missing,
enum left _UNSPECIFIED) raises `omniroute.errors.InvalidRequest`; value checks (quantities,
coordinates) are left to the domain constructors, which raise `inventory.InvalidInput`.
"""
