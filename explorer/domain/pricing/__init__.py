"""Monthly AWS cost estimates: a price catalog, service calculators and the pricing engine.

Plain Python, no Django: `catalog` reads prices.yaml, `services` holds one calculator per AWS
service and the `SERVICES` registry, `engine` prices metered usage into line items, and
`patterns` maps a pattern's parameters onto the calculators.
"""
