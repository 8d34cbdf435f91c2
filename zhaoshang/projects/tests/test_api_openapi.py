"""/api/v1/openapi.json builds, and documents the projects endpoints added for the
team, 意向, duplicates, fund and investor edits and investment plans, with their
refusals in the shared format."""

import pytest
from django.test import Client

NEW_OPERATIONS = [
    ("/api/v1/projects/{pk}/team", "put"),
    ("/api/v1/projects/{pk}/intent", "post"),
    ("/api/v1/duplicates", "get"),
    ("/api/v1/projects/{pk}/merge", "post"),
    ("/api/v1/projects/{pk}/distinct", "post"),
    ("/api/v1/funds/{pk}", "patch"),
    ("/api/v1/investors/{pk}", "patch"),
    ("/api/v1/investors/{pk}/contacts", "get"),
    ("/api/v1/investors/{pk}/contacts", "post"),
    ("/api/v1/projects/{pk}/investment-plans", "get"),
    ("/api/v1/projects/{pk}/investment-plans/{year}", "put"),
    ("/api/v1/projects/{pk}/investment-plans/{year}/months/{month}", "put"),
]


@pytest.fixture(scope="module")
def schema():
    # Public and built without the database: fetched once for the module.
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize(("path", "method"), NEW_OPERATIONS)
def test_every_new_operation_is_documented_with_its_refusals(schema, path, method):
    operation = schema["paths"][path][method]

    assert {"403", "404", "422"} <= set(operation["responses"])
    refusal = operation["responses"]["422"]["content"]["application/json"]["schema"]
    assert refusal == {"$ref": "#/components/schemas/FieldErrors"}


def test_the_shared_error_schemas_are_documented(schema):
    components = schema["components"]["schemas"]

    assert set(components["FieldError"]["properties"]) == {"field", "message"}
    assert set(components["Conflict"]["properties"]) == {"detail", "changed_fields"}
    assert schema["paths"]["/api/v1/funds/{pk}"]["patch"]["responses"]["409"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Conflict"
    }
