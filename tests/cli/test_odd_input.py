"""Odd text and dates from users never give a traceback or an internal error (SPEC §8)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

texts = st.text(min_size=0, max_size=400)
dates = st.one_of(st.text(max_size=12), st.dates().map(lambda d: d.strftime("%d-%m-%Y")))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=texts, description=texts, received=dates, channel=st.sampled_from(["email", "fax", ""]))
def test_nieuw_with_odd_input_is_accepted_or_refused_cleanly(
    cli, register, name, description, received, channel
):
    result = cli(
        "nieuw",
        "--no-input",
        "--json",
        "--kanaal",
        channel,
        "--klager",
        name,
        "--categorie",
        "overig",
        "--omschrijving",
        description,
        "--ontvangen",
        received,
    )
    assert result.exit_code in (0, 2), (result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr
    if result.exit_code == 2:
        assert result.stderr.startswith("Fout:")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(args=st.lists(st.text(max_size=20), max_size=5))
def test_steps_with_odd_arguments_never_crash(cli, register, args):
    for command in ("contact", "verdagen", "afhandelen", "termijnen", "lijst", "uitleg"):
        result = cli(command, *args)
        assert result.exit_code in (0, 1, 2), (command, args, result.exit_code, result.stderr)
        assert "Traceback" not in result.stderr and "Interne fout" not in result.stderr
