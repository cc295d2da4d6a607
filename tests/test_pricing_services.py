"""The service calculators the resource-level pricer calls, against the AWS pages they cite:
each expected dollar figure is worked out by hand in a comment, with the page's address."""

from __future__ import annotations

import inspect
from decimal import Decimal

from explorer.domain.pricing.catalog import load_catalog
from explorer.domain.pricing.engine import Estimate, round_money
from explorer.domain.pricing.services import (
    MONTH_HOURS,
    SERVICES,
    api_gateway_rest_cost,
    elasticache_cost,
    lambda_cost,
)

ELASTICACHE_PRICING = "https://aws.amazon.com/elasticache/pricing/"
KINESIS_PRICING = "https://aws.amazon.com/kinesis/data-streams/pricing/"
KINESIS_FAQ = "https://aws.amazon.com/kinesis/data-streams/faqs/"
EC2_DATA_TRANSFER = "https://aws.amazon.com/ec2/pricing/on-demand/"
API_GATEWAY_PRICING = "https://aws.amazon.com/api-gateway/pricing/"
DYNAMODB_PRICING = "https://aws.amazon.com/dynamodb/pricing/"
DYNAMODB_PROVISIONED = "https://aws.amazon.com/dynamodb/pricing/provisioned/"
CLOUDWATCH_PRICING = "https://aws.amazon.com/cloudwatch/pricing/"
SES_PRICING = "https://aws.amazon.com/ses/pricing/"

D = Decimal


def cents(estimate: Estimate) -> dict[str, Decimal]:
    """Each line's cost rounded to cents, keyed by item."""
    return {line.item: round_money(line.cost) for line in estimate.line_items}


# --- hours come from the catalog ----------------------------------------------------------------


def test_hour_defaults_are_the_catalog_s_hours_per_month():
    hours = load_catalog().hours_per_month
    assert hours == MONTH_HOURS
    for function, name in (
        (lambda_cost, "provisioned_hours"),
        (api_gateway_rest_cost, "cache_hours"),
        (elasticache_cost, "hours"),
    ):
        default = inspect.signature(function).parameters[name].default
        assert default is MONTH_HOURS, (function.__name__, name)


def test_no_calculator_default_is_a_typed_730():
    for service in SERVICES.values():
        for parameter in inspect.signature(service.calculate).parameters.values():
            default = parameter.default
            assert not (type(default) is int and default == 730), (service.name, parameter.name)
