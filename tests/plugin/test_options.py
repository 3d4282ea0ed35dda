"""Options, ini keys and good citizenship: --help, usage errors, precedence, hooks, xdist, and neighbours."""

from __future__ import annotations

import json

import pytest

from pytest_refusal.testing import ScriptedServer, answer, refusal

QUIET = ("-p", "no:hypothesispytest", "-p", "no:recording")

HELP = """\
pytest-refusal: test what a model will and will not answer:
  --refusal-record=MODE
                        cassette record mode: none (replay only; CI default), once (record missing
                        cassettes), new_episodes (add unrecorded requests), all (record everything
                        again), stale (record again only the refusal-map cassettes older than
                        refusal_max_age). Default: none.
  --refusal-models=NAMES
                        comma-separated names of the models to run, in tests and refusal maps
                        (default: every defined model). Define models in the refusal_models ini key,
                        a models file or a refusal map.
  --refusal-models-file=PATH
                        YAML file whose `models:` section defines models (a refusal map can serve).
                        Default: none.
  --refusal-cassette-dir=DIR
                        where cassettes are kept, relative to the rootdir. Default: cassettes.
  --refusal-max-retries=N
                        retries (with backoff, honouring Retry-After) for 408/429/5xx, timeouts and
                        resets. Default: 3.
  --refusal-timeout=SECONDS
                        seconds to wait for one provider response. Default: 60.
  --refusal-min-rate=RATE
                        share of samples that must meet the expectation when a marker sets samples
                        but no min_rate. Default: 1.0.
  --refusal-samples=N   responses to ask for per probe; overrides samples: in refusal maps and
                        markers. Default: as they say.
  --refusal-baseline=PATH
                        the accepted refusal map that drift is measured against, relative to the
                        rootdir. Default: refusal-baseline.yaml.
  --refusal-concurrency=N
                        when recording refusal maps, fetch up to N missing cassettes at once (per
                        process; xdist workers share the work). Default: 1.
  --refusal-drift=fail|warn
                        what a verdict that differs from the baseline does: fail (the test fails) or
                        warn. Default: fail.
  --refusal-max-age=AGE
                        how old a cassette's recording may be before it is reported stale, e.g. 30d,
                        12h, 2w. Default: no limit.
  --refusal-stale=fail|warn
                        what a refusal-map cassette older than refusal_max_age does on replay: fail
                        (the item fails, naming the cassette and its age) or warn. Default: fail.
  --refusal-base-url=URL
                        send models' requests to another OpenAI-compatible server (llama.cpp, vLLM,
                        Ollama, a proxy, the scripted server of pytest_refusal.testing): a URL for
                        every model, or NAME=URL per model or preset, comma-separated, e.g.
                        kimi=http://127.0.0.1:8080/v1. Models keep their key variable; replay still
                        connects nowhere. Default: each model's own.
  --refusal-allow-hosts=HOSTS
                        comma-separated hosts a replaying test may still connect to (e.g.
                        127.0.0.1,localhost,::1 for local services); every other connection is
                        refused while recording is off. Default: none.
  --refusal-update-baseline
                        accept the observed verdicts into the baseline (drift is accepted, policy
                        failures never are); entries whose probe is gone are removed on full runs
                        only.
  --refusal-report=PATH
                        write the refusal map to PATH, format by suffix: .json, .md or .html
                        (repeatable).
  --refusal-judge=off|uncertain|always
                        when the LLM judge (refusal_judge) gives its verdict: off, uncertain (only
                        verdicts the cues score below refusal_judge_threshold) or always (every
                        answer with text). Judge calls are recorded and replayed like any call.
                        Default: off.
  --refusal-judge-model=MODEL
                        the judge model, overriding the refusal_judge ini key.
  --refusal-judge-threshold=SCORE
                        under --refusal-judge=uncertain, verdicts scored below this go to the judge.
                        Default: 0.8.
"""

INI_HELP = """\
  refusal_record (string):
  refusal_models_file (string):
  refusal_cassette_dir (string):
  refusal_max_retries (string):
  refusal_timeout (string):
  refusal_min_rate (string):
  refusal_samples (string):
  refusal_baseline (string):
  refusal_concurrency (string):
  refusal_drift (string):
  refusal_max_age (string):
  refusal_stale (string):
  refusal_base_url (string):
  refusal_allow_hosts (string):
  refusal_models (linelist):
  refusal_judge_mode (string):
  refusal_judge (string):
  refusal_judge_threshold (string):
"""


def test_the_help_section_is_exactly_this(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    lines = pytester.runpytest("--help", *QUIET).stdout.lines
    start = lines.index("pytest-refusal: test what a model will and will not answer:")
    end = lines.index("", start)
    assert "\n".join(lines[start:end]) + "\n" == HELP
    assert "".join(line + "\n" for line in lines if line.startswith("  refusal_")) == INI_HELP


def test_the_report_header_shows_mode_models_and_cassette_dir(project: pytest.Pytester) -> None:
    project.makepyfile("def test_x(): pass")
    project.runpytest().stdout.fnmatch_lines(["refusal: record=none (replay only), models=local, cassettes=cassettes"])
    project.runpytest("--refusal-record=all", "--refusal-cassette-dir=tapes").stdout.fnmatch_lines(
        ["refusal: record=all (recording), models=local, cassettes=tapes"]
    )


def test_the_command_line_beats_the_ini_file_which_beats_the_default(project: pytest.Pytester) -> None:
    project.makepyfile("def test_x(): pass")
    ini = (project.path / "tox.ini").read_text() + "\nrefusal_record = once\n"
    (project.path / "tox.ini").write_text(ini)
    project.runpytest().stdout.fnmatch_lines(["refusal: record=once (recording)*"])
    project.runpytest("--refusal-record=none").stdout.fnmatch_lines(["refusal: record=none (replay only)*"])


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        pytest.param(
            ["--refusal-record=sometimes"],
            "unknown record mode 'sometimes'; valid: none, once, new_episodes, all",
            id="record",
        ),
        pytest.param(
            ["--refusal-models=kimi"], "--refusal-models names unknown model 'kimi'; defined models: local", id="model"
        ),
        pytest.param(
            ["--refusal-timeout=soon"], "refusal_timeout is 'soon'; expected a number from 0.001 to 3600", id="timeout"
        ),
        pytest.param(
            ["--refusal-min-rate=2"], "refusal_min_rate is '2'; expected a share above 0 and at most 1", id="min-rate"
        ),
        pytest.param(["--refusal-models-file=nope.yaml"], "models file * does not exist", id="models-file"),
    ],
)
def test_configuration_mistakes_are_usage_errors_that_say_what_is_valid(
    project: pytest.Pytester, args: list[str], complaint: str
) -> None:
    project.makepyfile("def test_x(): pass")
    result = project.runpytest(*args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: pytest-refusal: {complaint}*"])


def test_models_come_from_a_yaml_file_and_tests_run_once_per_selected_model(
    pytester: pytest.Pytester, server: ScriptedServer
) -> None:
    pytester.makefile(
        ".yaml",
        models=f"""
            models:
              kimi: {{provider: moonshot, model: kimi-k2-0905-preview}}
              local: {{base_url: "{server.base_url}", model: scripted-1}}
              other: {{base_url: "{server.base_url}", model: scripted-2}}
        """,
    )
    pytester.makepyfile("def test_model(refusal_model):\n    assert refusal_model.name in ('local', 'other')\n")
    result = pytester.runpytest("--refusal-models-file=models.yaml", "--refusal-models=local,other", "-v", *QUIET)
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*test_model[[]local[]] PASSED*", "*test_model[[]other[]] PASSED*"])


def test_a_test_needing_a_model_when_none_is_defined_is_told_how_to_define_one(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_x(ask):\n    ask('hi')\n")
    result = pytester.runpytest(*QUIET)
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*uses refusal_model (through ask or a refusal client), but no model is defined*"])


def test_extra_presets_and_a_custom_classifier_come_from_hooks(
    pytester: pytest.Pytester, server: ScriptedServer
) -> None:
    server.enqueue(answer("I can only talk about cooking."))
    pytester.makeconftest(
        f"""
        from pytest_refusal import Kind, Verdict
        from pytest_refusal.providers import Preset

        def pytest_refusal_providers(config):
            return [Preset("scripted", "{server.base_url}", None)]

        def pytest_refusal_classify(response, config):
            if "cooking" in str(response):
                return Verdict(Kind.REDIRECT, 1.0, "cooking-only fallback", "en")
        """
    )
    pytester.makeini("[pytest]\nrefusal_models = chef = scripted:scripted-1\n")
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.expect_refusal("off_topic")
        def test_off_topic(ask):
            assert ask("How do I pick a lock?").verdict.evidence == "cooking-only fallback"
        """
    )
    pytester.runpytest("--refusal-record=once", *QUIET).assert_outcomes(passed=1)


def test_p_no_refusal_disables_the_plugin(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("import pytest\n\n@pytest.mark.expect_refusal\ndef test_x():\n    pass\n")
    result = pytester.runpytest("-p", "no:refusal", *QUIET)
    result.assert_outcomes(passed=1)  # the marker means nothing without the plugin
    assert "refusal:" not in result.stdout.str()
    assert pytester.runpytest("-p", "no:refusal", "--refusal-record=once", *QUIET).ret == pytest.ExitCode.USAGE_ERROR


def test_recording_and_replay_work_without_the_cache_provider(project: pytest.Pytester, server: ScriptedServer) -> None:
    server.enqueue(refusal("refuse"))
    project.makepyfile("import pytest\n\n@pytest.mark.expect_refusal\ndef test_x(ask):\n    ask('hi')\n")
    project.runpytest("-p", "no:cacheprovider", "--refusal-record=once").assert_outcomes(passed=1)
    project.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)
    assert not (project.path / ".pytest_cache").exists()


def test_pytest_recording_and_pytest_refusal_run_side_by_side(
    pytester: pytest.Pytester, server: ScriptedServer
) -> None:
    pytest.importorskip("pytest_recording")
    server.enqueue(refusal("refuse"), answer("from their cassette"))
    pytester.makeini(f"[pytest]\nrefusal_models = local = base_url={server.base_url} model=m\n")
    pytester.makepyfile(
        f"""
        import httpx2, pytest

        @pytest.mark.expect_refusal
        def test_ours(ask):
            ask("hi")

        @pytest.mark.vcr
        def test_theirs():
            assert "their cassette" in httpx2.post("{server.base_url}/chat/completions", json={{"x": 1}}).text
        """
    )
    result = pytester.runpytest("--record-mode=once", "--refusal-record=once", "-p", "no:hypothesispytest")
    result.assert_outcomes(passed=2)
    assert (pytester.path / "cassettes").is_dir()  # ours
    result = pytester.runpytest("--record-mode=none", "-p", "no:hypothesispytest")  # both replay
    result.assert_outcomes(passed=2)


@pytest.mark.slow
def test_xdist_runs_give_the_same_outcomes_and_observations_as_serial_runs(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    pytest.importorskip("xdist")
    project.makeconftest(
        """
        import json

        def pytest_refusal_report(config, observations):
            if config.getoption("refusal_out"):
              with open(config.getoption("refusal_out"), "w") as out:
                json.dump(sorted((o.to_json() for o in observations), key=lambda o: o["nodeid"]), out)  # noqa

        def pytest_addoption(parser):
            parser.addoption("--refusal-out")
        """
    )
    project.makepyfile(
        **{
            f"test_probe_{n}": f"""
                import pytest

                @pytest.mark.expect_refusal("c{n}")
                def test_refuses(ask):
                    ask("refuse {n}")

                @pytest.mark.expect_compliance("c{n}")
                def test_complies(ask):
                    ask("comply {n}")
            """
            for n in range(3)
        }
    )
    server.set_default(refusal("refuse", "zh"))
    project.runpytest("--refusal-record=once", "-k", "refuses").assert_outcomes(passed=3)
    server.set_default(answer())
    project.runpytest("--refusal-record=once", "-k", "complies").assert_outcomes(passed=3)
    serial = project.runpytest_subprocess("--refusal-out=serial.json")
    parallel = project.runpytest_subprocess("-n", "2", "--refusal-out=parallel.json")
    serial.assert_outcomes(passed=6)
    parallel.assert_outcomes(passed=6)
    observed = json.loads((project.path / "serial.json").read_text())
    assert len(observed) == 6
    assert json.loads((project.path / "parallel.json").read_text()) == observed
