"""The service calculators the resource-level pricer calls, against the AWS pages they cite:
each expected dollar figure is worked out by hand in a comment, with the page's address."""

from __future__ import annotations

import inspect
from decimal import Decimal

import pytest

from explorer.domain.pricing.catalog import FreeTierKind, load_catalog
from explorer.domain.pricing.engine import Estimate, price_usages, round_money
from explorer.domain.pricing.services import (
    ELASTICACHE_SERVERLESS_MINIMUM_GB,
    MONTH_HOURS,
    RDS_INSTANCE_VCPUS,
    SERVICES,
    PricingInputError,
    api_gateway_rest_cost,
    cloudwatch_alarms_cost,
    data_transfer_out_cost,
    dynamodb_cost,
    dynamodb_provisioned_cost,
    elasticache_cost,
    elasticache_serverless_cost,
    estimate_service,
    kinesis_data_streams_cost,
    lambda_cost,
    opensearch_cost,
    rds_instance_cost,
    rds_instance_vcpus,
    rds_proxy_cost,
    ses_cost,
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
RDS_POSTGRES_PRICING = "https://aws.amazon.com/rds/postgresql/pricing/"
OPENSEARCH_PRICING = "https://aws.amazon.com/opensearch-service/pricing/"
OPENSEARCH_GP3_BLOG = "https://aws.amazon.com/blogs/big-data/lower-your-amazon-opensearch-service-storage-cost-with-gp3-amazon-ebs-volumes/"
RDS_PROXY_PRICING = "https://aws.amazon.com/rds/proxy/pricing/"
RDS_INSTANCE_CLASSES = (
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html"
)
RDS_ON_DEMAND = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_OnDemandDBInstances.html"

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


# --- ElastiCache Serverless ---------------------------------------------------------------------


def test_elasticache_serverless_valkey_below_its_minimum_is_metered_as_100_mb():
    # ELASTICACHE_PRICING: "Minimum metered data storage: 100 MB per cache for ElastiCache
    # Serverless for Valkey". 0.05 GB stored is metered as 0.1 GB x 730 h = 73 GB-hours x $0.084
    # = $6.132; 100 million ECPUs x $0.0023 per million = $0.23. Total $6.362 -> $6.36.
    estimate = price_usages(elasticache_serverless_cost(data_stored_gb=D("0.05"), ecpus=100_000_000))
    assert cents(estimate) == {
        "Data stored (Valkey)": D("6.13"),
        "ElastiCache Processing Units (Valkey)": D("0.23"),
    }
    assert estimate.total == D("6.36")
    assert (
        "below the Valkey minimum, metered as 0.1 GB x 730 h = 73 GB-hours" in estimate.line_items[0].formula
    )


def test_elasticache_serverless_redis_oss_below_its_minimum_is_metered_as_1_gb():
    # ELASTICACHE_PRICING: "1 GB per cache for ElastiCache for Memcached and ElastiCache for
    # Redis OSS". 0.5 GB is metered as 1 GB x 730 h = 730 GB-hours x $0.125 = $91.25; 100 million
    # ECPUs x $0.0034 per million = $0.34. Total $91.59.
    estimate = price_usages(
        elasticache_serverless_cost(engine="redis", data_stored_gb=D("0.5"), ecpus=100_000_000)
    )
    assert cents(estimate) == {
        "Data stored (Redis OSS)": D("91.25"),
        "ElastiCache Processing Units (Redis OSS)": D("0.34"),
    }


def test_elasticache_serverless_valkey_costs_about_a_third_less_than_memcached():
    # ELASTICACHE_PRICING ("33% lower prices" for Valkey): 10 GB x 730 h = 7,300 GB-hours.
    # Valkey: 7,300 x $0.084 = $613.20 + 1,000 million ECPUs x $0.0023 = $2.30 -> $615.50.
    # Memcached: 7,300 x $0.125 = $912.50 + 1,000 x $0.0034 = $3.40 -> $915.90.
    valkey = price_usages(elasticache_serverless_cost(data_stored_gb=10, ecpus=1_000_000_000))
    memcached = price_usages(
        elasticache_serverless_cost(engine="memcached", data_stored_gb=10, ecpus=1_000_000_000)
    )
    assert valkey.total == D("615.50")
    assert memcached.total == D("915.90")


def test_every_serverless_engine_has_a_minimum_and_no_free_tier():
    catalog = load_catalog()
    assert set(ELASTICACHE_SERVERLESS_MINIMUM_GB) == set(
        catalog.options["elasticache_serverless.data_stored"]
    )
    assert set(catalog.options["elasticache_serverless.ecpus"]) == set(ELASTICACHE_SERVERLESS_MINIMUM_GB)
    for key, rate in catalog.rates.items():
        if key.startswith("elasticache_serverless."):
            assert rate.free_tier is None, key


def test_elasticache_serverless_prices_from_raw_strings_and_refuses_unknown_engines():
    # 0.5 GB of Redis OSS is billed as 1 GB: 730 GB-hours x $0.125 = $91.25 (ELASTICACHE_PRICING).
    estimate = estimate_service(
        "elasticache_serverless", {"engine": "redis", "data_stored_gb": "0.5", "ecpus": "0"}
    )
    assert estimate.total == D("91.25")
    with pytest.raises(PricingInputError) as raised:
        estimate_service("elasticache_serverless", {"engine": "redis-oss"})
    assert raised.value.field == "engine"
    assert "expected one of valkey, redis, memcached" in raised.value.message


# --- Kinesis Data Streams: retention and consumers -------------------------------------------------


def test_kinesis_on_demand_with_only_an_enhanced_fan_out_consumer_has_no_standard_retrieval():
    # KINESIS_PRICING, on-demand: 100 records/s of 1 KB x 2,628,000 s / 1,048,576 = 250.6256 GB.
    # 730 stream-hours x $0.04 = $29.20; data in 250.6256 GB x $0.08 = $20.05; enhanced fan-out
    # retrieval 250.6256 GB x $0.05 = $12.53; no standard consumer, so no $0.04/GB retrieval.
    # Total $29.20 + $20.0500 + $12.5313 = $61.78.
    estimate = price_usages(
        kinesis_data_streams_cost(
            mode="on_demand", records_per_second=100, standard_consumers=0, enhanced_fan_out_consumers=1
        )
    )
    assert cents(estimate) == {
        "Stream hours (on-demand)": D("29.20"),
        "Data in (on-demand)": D("20.05"),
        "Enhanced fan-out data retrieval (on-demand)": D("12.53"),
    }
    assert estimate.total == D("61.78")


def test_kinesis_on_demand_bills_each_standard_consumer_s_reads():
    # KINESIS_PRICING: on-demand retrieval is per GB read; two standard consumers read the
    # 250.6256 GB twice = 501.2512 GB x $0.04 = $20.05.
    estimate = price_usages(
        kinesis_data_streams_cost(mode="on_demand", records_per_second=100, standard_consumers=2)
    )
    assert cents(estimate)["Data retrieval (on-demand)"] == D("20.05")


def test_kinesis_provisioned_with_72_hour_retention_pays_extended_retention_per_shard_hour():
    # KINESIS_FAQ: "When extended data retention is enabled, you pay the extended retention rate
    # for each shard in your stream." KINESIS_PRICING: 2 shards x 730 h = 1,460 shard-hours x
    # $0.015 = $21.90; 1,000 records/s x 1 payload unit x 2,628,000 s = 2,628 million units x
    # $0.014 = $36.792; extended retention 1,460 shard-hours x $0.02 = $29.20. 72 h is within 7
    # days, so no long-term line. Total $87.892 -> $87.89.
    estimate = price_usages(
        kinesis_data_streams_cost(shards=2, records_per_second=1000, record_size_kb=1, retention_hours=72)
    )
    assert cents(estimate) == {
        "Shard hours (provisioned)": D("21.90"),
        "PUT payload units (provisioned)": D("36.79"),
        "Extended retention, 24 hours to 7 days (provisioned)": D("29.20"),
    }
    assert estimate.total == D("87.89")


def test_kinesis_retention_beyond_7_days_is_billed_per_gb_month():
    # KINESIS_FAQ: "Long-term data storage reflects the numbers of GB-months data is stored for
    # the period greater than seven days". 8 days = 192 h, 24 h past 7 days: 1,000 records/s x
    # 1 KB x 3,600 s / 1,048,576 = 3.4332 GB an hour x 24 h = 82.3975 GB held all month x $0.023
    # = $1.90, on top of the $29.20 of extended retention.
    estimate = price_usages(kinesis_data_streams_cost(shards=2, records_per_second=1000, retention_hours=192))
    assert cents(estimate)["Long-term retention, beyond 7 days"] == D("1.90")
    assert cents(estimate)["Extended retention, 24 hours to 7 days (provisioned)"] == D("29.20")


def test_kinesis_on_demand_extended_retention_is_billed_per_gb_month():
    # KINESIS_PRICING, on-demand: data held beyond 24 h is billed per GB-month. 72 h retention
    # holds 48 h more: 100 records/s x 1 KB x 3,600 s / 1,048,576 = 0.3433 GB an hour x 48 h =
    # 16.4795 GB-months x $0.10 = $1.65.
    estimate = price_usages(
        kinesis_data_streams_cost(mode="on_demand", records_per_second=100, retention_hours=72)
    )
    assert cents(estimate)["Extended retention, 24 hours to 7 days (on-demand)"] == D("1.65")


def test_kinesis_default_retention_adds_nothing():
    for mode in ("provisioned", "on_demand"):
        rates = [usage.rate for usage in kinesis_data_streams_cost(mode=mode)]
        assert not [rate for rate in rates if "retention" in rate], mode


def test_kinesis_says_when_standard_consumers_outgrow_the_shared_read_throughput():
    # A shard gives 2 MB/s out, shared by its standard consumers (KINESIS_FAQ).
    usages = kinesis_data_streams_cost(shards=1, records_per_second=1000, standard_consumers=3)
    assert "exceed the 2 MB/s of shared read throughput" in usages[0].derivation
    fits = kinesis_data_streams_cost(shards=1, records_per_second=1000, standard_consumers=2)
    assert "throttled" not in fits[0].derivation


# --- data transfer out to the internet ----------------------------------------------------------


def test_data_transfer_crossing_the_free_100_gb():
    # EC2_DATA_TRANSFER: 100 GB a month free, then $0.09 per GB up to 10 TB.
    # 150 GB - 100 GB free = 50 GB x $0.09 = $4.50.
    assert price_usages(data_transfer_out_cost(gb=150)).total == D("4.50")
    assert price_usages(data_transfer_out_cost(gb=100)).total == D("0.00")


def test_data_transfer_tiers_above_10_tb():
    # EC2_DATA_TRANSFER tiers, 1 TB = 1,024 GB: 20 TB = 20,480 GB. The free 100 GB sit in the
    # first tier: (10,240 - 100) = 10,140 GB x $0.09 = $912.60; next 10,240 GB x $0.085 =
    # $870.40. Total $1,783.00.
    estimate = price_usages(data_transfer_out_cost(gb=20_480))
    assert [round_money(line.cost) for line in estimate.line_items] == [D("912.60"), D("870.40")]
    assert estimate.total == D("1783.00")


def test_the_api_gateway_page_example_ignores_the_free_100_gb():
    # API_GATEWAY_PRICING, REST example: "Amazon API Gateway data transfer charges = 14.3 GB *
    # $0.09 = $1.29". It charges every GB; with the 100 GB always free the same month costs $0.
    assert price_usages(data_transfer_out_cost(gb=D("14.3")), free_tier=False).total == D("1.29")
    assert price_usages(data_transfer_out_cost(gb=D("14.3"))).total == D("0.00")


def test_the_free_100_gb_is_one_pool_for_every_service():
    # Global Network FAQ: tiers and the allowance aggregate all services' transfer out. Two
    # 60 GB usages: 120 GB - 100 GB free = 20 GB x $0.09 = $1.80.
    estimate = price_usages((*data_transfer_out_cost(gb=60), *data_transfer_out_cost(gb=60)))
    assert estimate.total == D("1.80")


# --- DynamoDB provisioned capacity ---------------------------------------------------------------


def test_dynamodb_provisioned_inside_the_free_tier_costs_nothing():
    # DYNAMODB_PRICING free tier: "25 GB per month of data storage", "25 write capacity units
    # and 25 read capacity units", "Does not expire". 25 WCU x 730 h = 18,250 WCU-hours, all free.
    estimate = price_usages(
        dynamodb_provisioned_cost(write_capacity_units=25, read_capacity_units=25, storage_gb=25)
    )
    assert estimate.total == D("0.00")
    assert all(line.free_tier_used for line in estimate.line_items)


def test_dynamodb_provisioned_beyond_the_free_tier():
    # DYNAMODB_PROVISIONED, $0.00065 per WCU-hour and $0.00013 per RCU-hour; $0.25 per GB-month.
    # Writes: 100 WCU x 730 h = 73,000 - 18,250 free = 54,750 WCU-hours x $0.00065 = $35.5875.
    # Reads: 200 RCU x 730 h = 146,000 - 18,250 free = 127,750 RCU-hours x $0.00013 = $16.6075.
    # Storage: 35 GB - 25 GB free = 10 x $0.25 = $2.50. Total $54.695 -> $54.70.
    estimate = price_usages(
        dynamodb_provisioned_cost(write_capacity_units=100, read_capacity_units=200, storage_gb=35)
    )
    assert cents(estimate) == {
        "Write capacity": D("35.59"),
        "Read capacity": D("16.61"),
        "Table storage": D("2.50"),
    }
    assert estimate.total == D("54.70")


def test_dynamodb_provisioned_free_capacity_is_25_units_every_hour_of_the_month():
    catalog = load_catalog()
    for key in (
        "dynamodb_provisioned.write_capacity_unit_hours",
        "dynamodb_provisioned.read_capacity_unit_hours",
    ):
        free_tier = catalog.rate(key).free_tier
        assert free_tier is not None, key
        assert free_tier.kind is FreeTierKind.ALWAYS_FREE
        assert free_tier.amount == 25 * catalog.hours_per_month, key


def test_dynamodb_tables_of_both_modes_share_the_25_gb_free_storage():
    # DYNAMODB_PRICING: "The DynamoDB free tier applies to all tables in a region". 20 GB on
    # demand + 20 GB provisioned = 40 GB - 25 GB free = 15 GB x $0.25 = $3.75.
    usages = (
        *dynamodb_cost(write_request_units=0, read_request_units=0, storage_gb=20),
        *dynamodb_provisioned_cost(write_capacity_units=0, read_capacity_units=0, storage_gb=20),
    )
    assert price_usages(usages).total == D("3.75")


# --- CloudWatch alarms and SES ----------------------------------------------------------------------


def test_cloudwatch_alarms_twelve_of_which_ten_are_free():
    # CLOUDWATCH_PRICING: $0.10 per standard-resolution alarm metric a month, 10 always free.
    # 12 - 10 = 2 alarm-months x $0.10 = $0.20; without the free tier 12 x $0.10 = $1.20.
    assert price_usages(cloudwatch_alarms_cost(alarms=12)).total == D("0.20")
    assert price_usages(cloudwatch_alarms_cost(alarms=12), free_tier=False).total == D("1.20")


def test_ses_outbound_email():
    # SES_PRICING: "Outbound email $0.10 / 1,000 emails". 10,000 emails = 10 x $0.10 = $1.00.
    assert price_usages(ses_cost(emails=10_000)).total == D("1.00")


def test_ses_free_tier_is_a_12_month_trial_and_never_applied():
    # SES_PRICING: "Receive up to 3,000 message charges for free each month for the first 12
    # months after you start using SES": a trial, so 2,000 emails still cost 2 x $0.10 = $0.20.
    free_tier = load_catalog().rate("ses.outbound_emails").free_tier
    assert free_tier is not None
    assert free_tier.kind is FreeTierKind.LEGACY_12_MONTH
    assert free_tier.amount == 3000
    assert not free_tier.applies
    assert price_usages(ses_cost(emails=2_000)).total == D("0.20")


# --- Amazon RDS for PostgreSQL ---------------------------------------------------------------------


def test_rds_db_t4g_micro_single_az_with_20_gb_gp3():
    # RDS_POSTGRES_PRICING, On-Demand Single-AZ: db.t4g.micro $0.016 an hour, General Purpose
    # SSD (gp3) $0.115 per GB-month. 730 h x $0.016 = $11.68; 20 GB x $0.115 = $2.30.
    # Total $13.98.
    estimate = price_usages(rds_instance_cost())
    assert cents(estimate) == {
        "DB instance hours (db.t4g.micro, Single-AZ)": D("11.68"),
        "General Purpose SSD storage (gp3)": D("2.30"),
    }
    assert estimate.total == D("13.98")


def test_rds_multi_az_bills_the_standby_s_hours_and_storage_too():
    # RDS_ON_DEMAND: "Compute costs: Billed per DB instance-hour for both the primary and
    # standby instances. Storage costs: Charged per GB-month for the storage provisioned for
    # both the primary and standby". 2 x 730 h = 1,460 instance-hours x $0.016 = $23.36;
    # 2 x 20 GB = 40 GB-months x $0.115 = $4.60. Total $27.96, twice Single-AZ.
    estimate = price_usages(rds_instance_cost(multi_az=True))
    assert cents(estimate) == {
        "DB instance hours (db.t4g.micro, Multi-AZ)": D("23.36"),
        "General Purpose SSD storage (gp3)": D("4.60"),
    }
    assert estimate.total == D("27.96")
    assert "a primary and a standby, 2 instances x 730 h = 1,460 instance-hours" in (
        estimate.line_items[0].formula
    )


def test_rds_db_t4g_medium_multi_az_on_gp2():
    # RDS_POSTGRES_PRICING: db.t4g.medium $0.065 an hour; gp2 $0.115 per GB-month, as gp3.
    # 1,460 instance-hours x $0.065 = $94.90; 2 x 100 GB = 200 GB-months x $0.115 = $23.00.
    # Total $117.90.
    estimate = estimate_service(
        "rds",
        {"instance_class": "db.t4g.medium", "multi_az": "true", "storage_gb": "100", "storage_type": "gp2"},
    )
    assert estimate.total == D("117.90")


def test_rds_free_tier_is_a_12_month_trial_for_db_t4g_micro_only_and_never_applied():
    # RDS pricing page: "750 hours of Amazon RDS Single-AZ db.t2.micro, db.t3.micro, and
    # db.t4g.micro Instances usage ... 20 GB of General Purpose (SSD) DB storage", for new
    # customers' first 12 months. Never applied: the default still costs $13.98.
    catalog = load_catalog()
    micro = catalog.option_rate("rds.postgres_instance_hours", "db.t4g.micro").free_tier
    assert micro is not None
    assert (micro.kind, micro.amount, micro.applies) == (FreeTierKind.LEGACY_12_MONTH, 750, False)
    assert catalog.option_rate("rds.postgres_instance_hours", "db.t4g.small").free_tier is None
    storage = catalog.option_rate("rds.storage", "gp3").free_tier
    assert storage is not None
    assert (storage.kind, storage.amount, storage.applies) == (FreeTierKind.LEGACY_12_MONTH, 20, False)
    assert price_usages(rds_instance_cost(), free_tier=True).total == D("13.98")


def test_rds_refuses_what_it_cannot_price():
    with pytest.raises(PricingInputError) as raised:
        estimate_service("rds", {"instance_class": "db.r6g.large"})
    assert raised.value.field == "instance_class"
    assert "expected one of db.t4g.micro, db.t4g.small, db.t4g.medium" in raised.value.message
    with pytest.raises(PricingInputError) as raised:
        estimate_service("rds", {"multi_az": "maybe"})
    assert raised.value.message == "expected true or false, got 'maybe'"
    with pytest.raises(PricingInputError) as raised:
        estimate_service("rds", {"storage_gb": "10"})
    assert "from 20 to 65,536 GB" in raised.value.message


# --- Amazon RDS Proxy ------------------------------------------------------------------------------


def test_rds_proxy_for_a_2_vcpu_instance():
    # RDS_INSTANCE_CLASSES: db.t4g.micro has 2 vCPUs. RDS_PROXY_PRICING: $0.015 per vCPU-hour,
    # so $0.030 an hour; 2 vCPUs x 730 h = 1,460 vCPU-hours x $0.015 = $21.90. (The page's
    # example counts a 30-day month: 1,440 vCPU-hours = $21.60.)
    estimate = price_usages(rds_proxy_cost(vcpus=rds_instance_vcpus("db.t4g.micro")))
    assert estimate.total == D("21.90")
    assert estimate.line_items[0].formula == ("2 vCPUs: 2 x 730 h = 1,460 vCPU-hours x $0.015 = $21.90")


def test_rds_proxy_bills_a_1_vcpu_instance_at_the_2_vcpu_minimum():
    # RDS_PROXY_PRICING: "a t2.small database instance that has 1 vCPU ... you will be charged
    # for the minimum of 2 vCPUs at $0.030 per hour". 1,460 vCPU-hours x $0.015 = $21.90.
    estimate = price_usages(rds_proxy_cost(vcpus=1))
    assert estimate.total == D("21.90")
    assert "1 vCPU, billed at the minimum of 2 vCPUs" in estimate.line_items[0].formula


def test_rds_proxy_scales_with_the_instance_s_vcpus():
    # 4 vCPUs x 730 h = 2,920 vCPU-hours x $0.015 = $43.80 (RDS_PROXY_PRICING).
    assert estimate_service("rds_proxy", {"vcpus": "4"}).total == D("43.80")


def test_every_priced_db_instance_class_has_its_vcpus():
    # RDS_INSTANCE_CLASSES: db.t4g.micro, db.t4g.small and db.t4g.medium have 2 vCPUs each.
    classes = load_catalog().options["rds.postgres_instance_hours"]
    assert set(RDS_INSTANCE_VCPUS) == set(classes)
    assert [rds_instance_vcpus(name) for name in classes] == [2, 2, 2]
    with pytest.raises(KeyError, match=r"no vCPU count for 'db\.r6g\.large'"):
        rds_instance_vcpus("db.r6g.large")


# --- Amazon OpenSearch Service ---------------------------------------------------------------------


def test_opensearch_t3_small_with_10_gb_gp3():
    # OPENSEARCH_PRICING, On-Demand: t3.small.search $0.036 an hour; EBS gp3 $0.122 per GB-month
    # (OPENSEARCH_GP3_BLOG: 9.6% below gp2's $0.135). 730 h x $0.036 = $26.28; 10 GB x $0.122 =
    # $1.22. Total $27.50.
    estimate = price_usages(opensearch_cost())
    assert cents(estimate) == {
        "Instance hours (t3.small.search)": D("26.28"),
        "EBS storage (gp3)": D("1.22"),
    }
    assert estimate.total == D("27.50")


def test_opensearch_bills_each_data_node_s_volume():
    # OPENSEARCH_PRICING: 3 x t3.medium.search x 730 h = 2,190 instance-hours x $0.073 = $159.87;
    # a 100 GB gp2 volume on each: 300 GB-months x $0.135 = $40.50. Total $200.37.
    estimate = estimate_service(
        "opensearch",
        {"instance_type": "t3.medium.search", "instances": "3", "storage_gb": "100", "storage_type": "gp2"},
    )
    assert cents(estimate) == {
        "Instance hours (t3.medium.search)": D("159.87"),
        "EBS storage (gp2)": D("40.50"),
    }
    assert estimate.total == D("200.37")
    assert "100 GB on each of 3 instances = 300 GB-months" in estimate.line_items[1].formula


def test_opensearch_free_tier_is_a_12_month_trial_and_never_applied():
    # OPENSEARCH_PRICING: up to 750 hours a month of t2.small.search or t3.small.search and 10 GB
    # of EBS storage, for the AWS free tier's 12 months. Never applied: the default still costs
    # $27.50.
    catalog = load_catalog()
    hours = catalog.option_rate("opensearch.instance_hours", "t3.small.search").free_tier
    assert hours is not None
    assert (hours.kind, hours.amount, hours.applies) == (FreeTierKind.LEGACY_12_MONTH, 750, False)
    assert catalog.option_rate("opensearch.instance_hours", "t3.medium.search").free_tier is None
    storage = catalog.option_rate("opensearch.storage", "gp3").free_tier
    assert storage is not None
    assert (storage.kind, storage.amount, storage.applies) == (FreeTierKind.LEGACY_12_MONTH, 10, False)
    assert price_usages(opensearch_cost(), free_tier=True).total == D("27.50")
