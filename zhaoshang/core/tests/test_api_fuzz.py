"""The API refuses, it never crashes: schemathesis generates requests (valid and
invalid) for every operation of /api/v1/openapi.json, with a bureau token and a
reporter token, and runs all its checks on the answers: no 500, no undocumented
status or body, no accepted schema violation.

A few examples per operation here (FUZZ_EXAMPLES, default 3, derandomised so the
suite is repeatable; the tokens take turns); `make fuzz` runs a long, random one. Every problem found is
fixed at its root and pinned by a plain unit test in its app, since the next run
may not generate that input again."""

import itertools
import os
from dataclasses import dataclass

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import positive_data_acceptance

from zhaoshang.cases.actions import do_receive_case
from zhaoshang.cases.models import CaseType, Channel
from zhaoshang.chains.factories import TargetFactory, make_chain, segment
from zhaoshang.elements.factories import ElementStepFactory
from zhaoshang.accounts.models import ApiToken
from zhaoshang.api import api
from zhaoshang.organisation.factories import PersonFactory
from zhaoshang.portal.factories import InquiryFactory
from zhaoshang.projects.factories import (
    EvidenceFactory,
    FundEntryFactory,
    InvestorFactory,
    ObstacleFactory,
    ProjectFactory,
)
from zhaoshang.projects.models import KeyLevel
from zhaoshang.rewards.factories import RewardRuleFactory
from zhaoshang.service.factories import CommitmentFactory, ServiceItemFactory
from zhaoshang.wsgi import application

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
LONG = "FUZZ_EXAMPLES" in os.environ


@dataclass
class World:
    tokens: dict[str, str]
    token_ids: set[int]
    # The first segment of a path ("units", "projects", …) → an existing record,
    # so that writes reach the actions instead of stopping at 404.
    ids: dict[str, int]


@pytest.fixture
def wsgi(db):
    """The WSGI app in this test's transaction. Django closes the connection at
    the end of each request, which would end the transaction: its test client
    unhooks the same signal handler for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _assessed_scheme(county, bureau_user) -> int:
    from zhaoshang.assessment.actions import do_run_scheme
    from zhaoshang.assessment.tests.factories import IndicatorFactory, SchemeFactory

    scheme = SchemeFactory(jurisdiction=county.root, created_by=bureau_user)
    IndicatorFactory(scheme=scheme)
    do_run_scheme(scheme, None, bureau_user)
    return scheme.pk


@pytest.fixture
def world(county, bureau_user, reporter) -> World:
    project = ProjectFactory(introducing_unit=county.township, key_level=KeyLevel.COUNTY)
    chain = make_chain(county.root, lead_unit=county.township)
    case = do_receive_case(
        {
            "title": "用电报装迟缓",
            "channel": Channel.PHONE,
            "case_type": CaseType.CONSULT,
            "urgency": "normal",
            "foreign": False,
            "uscc": "",
            "investor_name": "宏达电子有限公司",
            "project": None,
            "contact": "李经理 13800000000",
            "description": "新厂房用电报装两个月未接通",
            "unit": county.township,
        },
        reporter,
    )
    spare, _ = ApiToken.objects.create_for(reporter, "备用")
    (bureau_token, bureau_key), (reporter_token, reporter_key) = (
        ApiToken.objects.create_for(bureau_user, "测试"),
        ApiToken.objects.create_for(reporter, "测试"),
    )
    return World(
        tokens={"bureau": bureau_key, "reporter": reporter_key},
        token_ids={bureau_token.pk, reporter_token.pk},
        ids={
            "units": county.township.pk,
            "divisions": county.township.division_id,
            "persons": PersonFactory(unit=county.township).pk,
            "projects": project.pk,
            "funds": FundEntryFactory(project=project).pk,
            "evidence": EvidenceFactory(project=project).pk,
            "obstacles": ObstacleFactory(project=project).pk,
            "investors": InvestorFactory().pk,
            "inquiries": InquiryFactory(unit=county.township).pk,
            "me": spare.pk,
            "service-items": ServiceItemFactory(unit=county.township).pk,
            "commitments": CommitmentFactory(unit=county.township).pk,
            "cases": case.pk,
            "time-limits": case.clocks.get().pk,
            # /elements/steps/{pk}, …/projects/{pk}, …/problems/{pk}: a step's id (the others answer 404).
            "elements": ElementStepFactory(project=project).pk,
            # /assessment/schemes/{pk}, …/snapshots/{pk}/scores: a scheme with one run (the ids may differ: 404).
            "assessment": _assessed_scheme(county, bureau_user),
            # /chains/{pk} and /chains/{pk}/links: a chain's id.
            "chains": chain.pk,
            # /rewards/rules/{pk}, …/enable, …/trial: a draft rule's id.
            "rewards": RewardRuleFactory().pk,
            "chain-targets": TargetFactory(link=segment(chain, "电芯制造"), owner_unit=county.township).pk,
        },
    )


# The document /api/v1/openapi.json serves, read without a request: the
# operations become test items when the module is collected, before any database.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = application


FUZZING = hypothesis_settings(
    max_examples=EXAMPLES,
    derandomize=not LONG,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate] if not LONG else list(Phase),
    suppress_health_check=list(HealthCheck),
)


def call_as(persona: str, case, world: World) -> None:
    mutated = {location for location, info in case.meta.components.items() if info.mode == GenerationMode.NEGATIVE}
    pk = case.path_parameters.get("pk") if case.path_parameters else None
    # Half the valid ids generated (the even ones) become a real record's, so both
    # the 404 and the action behind it are exercised. Never the caller's own token.
    if ParameterLocation.PATH not in mutated and isinstance(pk, int) and (pk % 2 == 0 or pk in world.token_ids):
        case.path_parameters["pk"] = world.ids[case.path.removeprefix("/api/v1/").split("/")[0]]
    # A case whose headers are the invalid part keeps them: its Authorization is what is tested.
    headers = None if ParameterLocation.HEADER in mutated else {"Authorization": f"Bearer {world.tokens[persona]}"}
    case.call_and_validate(
        headers=headers,
        # Every check but one: "schema-valid data is accepted" cannot hold for a
        # domain whose rules (stage order, shares summing to 100%, who may verify)
        # are no JSON schema's business; those refusals are the 422 it documents.
        excluded_checks=[positive_data_acceptance],
    )


# The two tokens take turns, example by example: each operation is tried by both
# without running every example twice.
_turns = itertools.cycle(["bureau", "reporter"])


@schema.parametrize()
@FUZZING
def test_the_api_refuses_bad_input_and_never_crashes(case, world, wsgi):
    call_as(next(_turns), case, world)


@pytest.mark.skipif(not LONG, reason="sequences of calls only in the long run (make fuzz)")
@pytest.mark.parametrize("persona", ["bureau", "reporter"])
def test_sequences_of_calls_never_crash(persona, world, wsgi):
    """Stateful: schemathesis chains operations through the links it infers (a
    created project's id into its stage, funds and obstacles…)."""

    class Sequences(schema.as_state_machine()):
        def before_call(self, case):
            # On the case, not the call: the ignored-auth check replays it with a bad token.
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {world.tokens[persona]}"}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, excluded_checks=[positive_data_acceptance], transport_kwargs=kwargs or None)

    Sequences.run(settings=hypothesis_settings(FUZZING, max_examples=EXAMPLES, stateful_step_count=10))
