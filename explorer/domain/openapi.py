"""The OpenAPI 3.1 description of the JSON API, built from the live data.

`openapi_document(patterns)` promises a plain, JSON-ready dict: the pattern slugs and the
service names as enums, and every pattern's and service's parameters as the query
parameters of its estimate, with the same types, bounds and choices the API enforces
(`explorer.domain.params.resolve_params` for patterns, `SERVICES[...].validate` for services).

A pattern's parameters differ from the next pattern's, and one templated path can carry only
one parameter list, so each pattern (and each service) has its own concrete estimate path;
the templated `/api/patterns/{slug}/estimate` remains for the defaults. OpenAPI matches
concrete paths before templated ones, so the two never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal

from explorer.domain.content.schema import Level, Parameter, ParameterType, PatternSpec
from explorer.domain.pricing.services import SERVICES, ServiceParameter

JSON = "application/json"
DECIMAL_STRING = r"^-?\d+(\.\d+)?$"
MONEY_STRING = r"^-?\d+\.\d{2}$"


def openapi_document(patterns: Iterable[PatternSpec]) -> dict[str, object]:
    """The whole document for these patterns (in order) and every service in `SERVICES`."""
    specs = list(patterns)
    slugs = [spec.slug for spec in specs]
    paths: dict[str, object] = {
        "/api/patterns": {"get": _pattern_list_operation()},
        "/api/patterns/{slug}": {"get": _pattern_detail_operation(slugs)},
        "/api/patterns/{slug}/estimate": {"get": _pattern_estimate_operation(slugs)},
    }
    for spec in specs:
        paths[f"/api/patterns/{spec.slug}/estimate"] = {"get": _one_pattern_estimate_operation(spec)}
    paths["/api/services"] = {"get": _service_list_operation()}
    paths["/api/services/{service}/estimate"] = {"get": _service_estimate_operation()}
    for name, definition in SERVICES.items():
        paths[f"/api/services/{name}/estimate"] = {
            "get": _one_service_estimate_operation(name, definition.title, definition.parameters)
        }
    paths["/api/openapi.json"] = {"get": _openapi_operation()}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Serverless Pattern Explorer API",
            "version": "1",
            "description": (
                "Read-only JSON: the pattern library and monthly cost estimates for AWS serverless "
                "patterns and services. Money and quantities are decimal strings, never floats."
            ),
        },
        "paths": paths,
        "components": {"schemas": _schemas(), "responses": _responses()},
    }


# --- operations ------------------------------------------------------------------------------


def _pattern_list_operation() -> dict[str, object]:
    return {
        "operationId": "listPatterns",
        "summary": "Every pattern, in learning order",
        "responses": {"200": _ok("PatternList", "The patterns.")},
    }


def _pattern_detail_operation(slugs: list[str]) -> dict[str, object]:
    return {
        "operationId": "getPattern",
        "summary": "One pattern: parameters, topology, practices and the Markdown body",
        "parameters": [_path_enum("slug", slugs, "The pattern's slug.")],
        "responses": {"200": _ok("PatternDetail", "The pattern."), "404": _ref_response("NotFound")},
    }


def _pattern_estimate_operation(slugs: list[str]) -> dict[str, object]:
    return {
        "operationId": "estimatePatternDefaults",
        "summary": "A pattern's monthly estimate at its default parameters",
        "description": "Each pattern's own parameters are described under its concrete estimate path.",
        "parameters": [_path_enum("slug", slugs, "The pattern's slug."), _free_tier_parameter()],
        "responses": _estimate_responses("PatternEstimate", "pattern"),
    }


def _one_pattern_estimate_operation(spec: PatternSpec) -> dict[str, object]:
    return {
        "operationId": f"estimatePattern_{_identifier(spec.slug)}",
        "summary": f"{spec.title}: monthly estimate",
        "description": "Every parameter is optional; a missing one takes its default.",
        "parameters": [
            *(_pattern_parameter(parameter) for parameter in spec.parameters),
            _free_tier_parameter(),
        ],
        "responses": _estimate_responses("PatternEstimate", "pattern"),
    }


def _service_list_operation() -> dict[str, object]:
    return {
        "operationId": "listServices",
        "summary": "Every priced service and its parameters, with units and bounds",
        "responses": {"200": _ok("ServiceList", "The services.")},
    }


def _service_estimate_operation() -> dict[str, object]:
    return {
        "operationId": "estimateServiceDefaults",
        "summary": "One service's monthly estimate at its default parameters",
        "description": "Each service's own parameters are described under its concrete estimate path.",
        "parameters": [_path_enum("service", list(SERVICES), "The service's name."), _free_tier_parameter()],
        "responses": _estimate_responses("ServiceEstimate", "service"),
    }


def _one_service_estimate_operation(
    name: str, title: str, parameters: tuple[ServiceParameter, ...]
) -> dict[str, object]:
    return {
        "operationId": f"estimateService_{name}",
        "summary": f"{title}: monthly estimate",
        "description": "Every parameter is optional; a missing one takes its default.",
        "parameters": [*(_service_parameter(parameter) for parameter in parameters), _free_tier_parameter()],
        "responses": _estimate_responses("ServiceEstimate", "service"),
    }


def _openapi_operation() -> dict[str, object]:
    return {
        "operationId": "getOpenApiDescription",
        "summary": "This description",
        "responses": {
            "200": {"description": "The OpenAPI document.", "content": {JSON: {"schema": {"type": "object"}}}}
        },
    }


def _estimate_responses(schema: str, subject: str) -> dict[str, object]:
    return {
        "200": _ok(schema, "The estimate: line items with their formulas, and the total."),
        "400": _ref_response("BadParameters"),
        "404": {
            "description": f"No such {subject}, or no cost model for it.",
            "content": {JSON: {"schema": _ref("Error")}},
        },
    }


# --- parameters ------------------------------------------------------------------------------


def _pattern_parameter(parameter: Parameter) -> dict[str, object]:
    """A pattern parameter as `explorer.domain.params.parse_value` accepts it."""
    schema: dict[str, object]
    kind = parameter.type
    if kind in (ParameterType.INT, ParameterType.DECIMAL):
        schema = {"type": "integer" if kind is ParameterType.INT else "number"}
        if parameter.minimum is not None:
            schema["minimum"] = _number(parameter.minimum)
        if parameter.maximum is not None:
            schema["maximum"] = _number(parameter.maximum)
    elif kind is ParameterType.CHOICE:
        schema = {"type": "string", "enum": [choice.value for choice in parameter.choices]}
    elif kind is ParameterType.BOOL:
        schema = {"type": "boolean"}
    else:
        schema = {"type": "string"}
        if parameter.max_length is not None:
            schema["maxLength"] = parameter.max_length
        if parameter.pattern:
            # The content's patterns are Python regexes applied with fullmatch.
            schema["pattern"] = f"^(?:{parameter.pattern})$"
        if kind is ParameterType.CRON:
            schema["format"] = "schedule-expression"
    schema["default"] = _json_default(parameter.default)
    description = parameter.label + (f" ({parameter.unit})" if parameter.unit else "") + ". " + parameter.help
    return _query(parameter.name, schema, description.strip())


def _service_parameter(parameter: ServiceParameter) -> dict[str, object]:
    """A service parameter as `ServiceParameter.parse` accepts it."""
    if parameter.type is ParameterType.CHOICE:
        schema: dict[str, object] = {"type": "string", "enum": list(parameter.choices)}
    elif parameter.type is ParameterType.BOOL:
        schema = {"type": "boolean"}
    else:
        schema = {"type": "integer" if parameter.type is ParameterType.INT else "number"}
        if parameter.min is not None:
            schema["minimum"] = _number(parameter.min)
        if parameter.max is not None:
            schema["maximum"] = _number(parameter.max)
    schema["default"] = _json_default(parameter.default)
    description = f"{parameter.help} Allowed: {parameter.allowed()}."
    if parameter.type is ParameterType.DECIMAL:
        description += " Written in plain decimal notation, without an exponent."
    return _query(parameter.name, schema, description)


def _free_tier_parameter() -> dict[str, object]:
    return _query(
        "free_tier",
        {"type": "boolean", "default": True},
        "Apply the AWS free tier (on unless false).",
    )


def _query(name: str, schema: dict[str, object], description: str) -> dict[str, object]:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


def _path_enum(name: str, values: list[str], description: str) -> dict[str, object]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": {"type": "string", "enum": values},
    }


# --- schemas ---------------------------------------------------------------------------------


def _schemas() -> dict[str, object]:
    string = {"type": "string"}
    strings = {"type": "array", "items": string}
    decimal = {"type": "string", "pattern": DECIMAL_STRING}
    component_use = _object(slug=string, name=string, role=string, optional={"type": "boolean"})
    summary_fields = {
        "slug": string,
        "title": string,
        "order": {"type": "integer"},
        "level": {"type": "string", "enum": [level.value for level in Level]},
        "summary": string,
        "url": string,
        "api_url": string,
    }
    nullable_object = {"type": ["object", "null"]}
    objects = {"type": "array", "items": {"type": "object"}}
    return {
        "Error": _object(error=string),
        "BadParameters": _object(
            error=string,
            errors={
                "type": "object",
                "description": "One message per offending field.",
                "additionalProperties": string,
                "minProperties": 1,
            },
        ),
        "PatternSummary": _object_of(
            {**summary_fields, "use_cases": strings, "components": {"type": "array", "items": component_use}}
        ),
        "PatternList": _object(patterns={"type": "array", "items": _ref("PatternSummary")}),
        "PatternParameter": _object(
            name=string,
            label=string,
            type={"type": "string", "enum": [kind.value for kind in ParameterType]},
            default={"type": ["boolean", "integer", "string"]},
            help=string,
            unit=string,
            minimum={"type": ["integer", "string", "null"]},
            maximum={"type": ["integer", "string", "null"]},
            step={"type": ["integer", "string", "null"]},
            choices={"type": "array", "items": _object(value=string, label=string)},
            max_length={"type": ["integer", "null"]},
            pattern=string,
            group=string,
        ),
        "PatternDetail": _object_of(
            {
                **summary_fields,
                "use_cases": {"type": "array", "items": _object(name=string, description=string)},
                "components": {"type": "array", "items": component_use},
                "key_facts": objects,
                "best_practices": objects,
                "cost_tips": {"type": "array"},
                "variants": objects,
                "code_examples": objects,
                "comparisons": objects,
                "seed_cost": nullable_object,
                "characteristics": nullable_object,
                "takeaways": {"type": "array"},
                "self_check": {"type": "array"},
                "parameters": {"type": "array", "items": _ref("PatternParameter")},
                "topology": _object(nodes=objects, edges=objects, closed=False),
                "related": strings,
                "body_markdown": string,
            }
        ),
        "LineItem": _object(
            service=string,
            item=string,
            quantity=decimal,
            unit=string,
            unit_price=decimal,
            cost={"type": "string", "pattern": MONEY_STRING},
            formula=string,
            free_tier_used={"type": "boolean"},
            closed=True,
        ),
        "PatternEstimate": _estimate_schema("pattern", "The pattern's slug."),
        "ServiceEstimate": _estimate_schema("service", "The service's name."),
        "ServiceParameter": _object(
            name=string,
            type={"type": "string", "enum": ["int", "decimal", "choice", "bool"]},
            unit=string,
            default={"type": ["boolean", "integer", "string"]},
            min={"type": ["string", "null"], "pattern": DECIMAL_STRING},
            max={"type": ["string", "null"], "pattern": DECIMAL_STRING},
            choices=strings,
            allowed=string,
            help=string,
        ),
        "Service": _object(
            service=string,
            title=string,
            api_url=string,
            parameters={"type": "array", "items": _ref("ServiceParameter")},
        ),
        "ServiceList": _object(services={"type": "array", "items": _ref("Service")}),
    }


def _estimate_schema(subject: str, description: str) -> dict[str, object]:
    return _object(
        **{subject: {"type": "string", "description": description}},
        region={"type": "string"},
        prices_as_of={"type": "string", "format": "date"},
        free_tier={"type": "boolean"},
        parameters={
            "type": "object",
            "description": "Every parameter's value, defaults filled in; decimals as strings.",
            "additionalProperties": {"type": ["boolean", "integer", "string"]},
        },
        line_items={"type": "array", "items": _ref("LineItem")},
        notes={"type": "array", "items": {"type": "string"}},
        total={"type": "string", "pattern": MONEY_STRING},
        closed=True,
    )


def _responses() -> dict[str, object]:
    return {
        "NotFound": {"description": "No such resource.", "content": {JSON: {"schema": _ref("Error")}}},
        "BadParameters": {
            "description": "A parameter is unknown, repeated or out of bounds; `errors` names each field.",
            "content": {JSON: {"schema": _ref("BadParameters")}},
        },
    }


# --- helpers ---------------------------------------------------------------------------------


def _object(*, closed: bool = False, **properties: object) -> dict[str, object]:
    """An object schema in which every listed property is required; `closed` forbids others."""
    return _object_of(properties, closed=closed)


def _object_of(properties: Mapping[str, object], *, closed: bool = False) -> dict[str, object]:
    """`_object` for properties in a mapping (one that shares some of them with another)."""
    schema: dict[str, object] = {
        "type": "object",
        "properties": dict(properties),
        "required": list(properties),
    }
    if closed:
        schema["additionalProperties"] = False
    return schema


def _ok(schema: str, description: str) -> dict[str, object]:
    return {"description": description, "content": {JSON: {"schema": _ref(schema)}}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _ref_response(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/responses/{name}"}


def _number(value: int | Decimal) -> int | float:
    """A bound as a JSON number: exact when whole, else the nearest float (bounds are short)."""
    number = Decimal(value)
    return int(number) if number == number.to_integral_value() else float(number)


def _json_default(value: object) -> object:
    if isinstance(value, Decimal):
        return _number(value)
    return value


def _identifier(slug: str) -> str:
    return re.sub(r"\W", "_", slug)
