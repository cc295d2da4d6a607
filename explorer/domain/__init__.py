"""The pure domain of the explorer: no Django, no models, no requests.

Content files -> `PatternSpec`; raw input -> `Params`; one configured pattern -> its
`Deployment` (the resources it deploys, with settings and monthly usage); and the renderings
of that deployment: diagram, SAM / Terraform / ASL, handlers, cost estimate and rules.
`tests/test_architecture.py` keeps this package free of Django imports.
"""
