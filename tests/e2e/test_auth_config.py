"""Where tokens come from, and how the server binds without them."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

import pytest

from omniroute.auth import Scope, TokenTable, load_tokens
from omniroute.config import ServerConfig
from omniroute.errors import ConfigurationError, Unauthenticated


def scope_of(table: TokenTable, token: str) -> Scope:
    return table.authenticate([("authorization", f"Bearer {token}")]).scope


def test_tokens_come_from_the_environment_as_token_colon_scope() -> None:
    table = load_tokens(None, {"OMNIROUTE_TOKENS": "abc:read, def:write,ghi:ADMIN"})
    assert table is not None
    assert [scope_of(table, t) for t in ("abc", "def", "ghi")] == [
        Scope.READ,
        Scope.WRITE,
        Scope.ADMIN,
    ]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("tokens.json", '{"tokens": [{"token": "abc", "scope": "write", "name": "pos"}]}'),
        ("tokens.json", '{"abc": "write"}'),
        ("tokens.toml", '[[tokens]]\ntoken = "abc"\nscope = "write"\n'),
        ("tokens.yaml", "tokens:\n  - token: abc\n    scope: write\n"),
    ],
)
def test_tokens_come_from_a_json_toml_or_yaml_file(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    table = load_tokens(path, {"OMNIROUTE_TOKENS": "ignored:read"})
    assert table is not None and scope_of(table, "abc") is Scope.WRITE


def test_an_unknown_scope_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="superuser"):
        load_tokens(None, {"OMNIROUTE_TOKENS": "abc:superuser"})


def test_no_file_and_no_variable_means_auth_is_off() -> None:
    assert load_tokens(None, {}) is None


def test_a_token_must_be_sent_as_bearer() -> None:
    table = TokenTable({"abc": Scope.READ})
    with pytest.raises(Unauthenticated):
        table.authenticate([("authorization", "abc")])
    with pytest.raises(Unauthenticated):
        table.authenticate([])


def test_scopes_are_ordered_read_write_admin() -> None:
    assert Scope.READ < Scope.WRITE < Scope.ADMIN


def serve_args(**overrides: object) -> argparse.Namespace:
    values: dict[str, object] = {
        "database_url": "sqlite:///x.db", "host": None, "port": None, "workers": 4,
        "auth_file": None, "tls_cert": None, "tls_key": None, "load_network": None,
        "grace": 1.0, "max_watchers": 8, "log_level": "INFO",
    }  # fmt: skip
    values.update(overrides)
    return argparse.Namespace(**values)


def test_config_defaults_to_loopback_and_the_standard_port() -> None:
    config = ServerConfig.from_args(serve_args(), {})
    assert (config.host, config.port, config.auth_enabled) == ("127.0.0.1", 50051, False)
    assert config.max_watchers == 3  # always below the worker count


def test_config_reads_port_and_tokens_from_the_environment() -> None:
    config = ServerConfig.from_args(
        serve_args(), {"OMNIROUTE_PORT": "6000", "OMNIROUTE_TOKENS": "t:read"}
    )
    assert (config.port, config.auth_enabled) == (6000, True)


def test_route_batch_comes_from_the_flag_or_the_environment_and_is_checked() -> None:
    assert ServerConfig.from_args(serve_args(), {}).route_batch == 16
    assert ServerConfig.from_args(serve_args(), {"OMNIROUTE_ROUTE_BATCH": "0"}).route_batch == 0
    flag = serve_args(route_batch=4)
    assert ServerConfig.from_args(flag, {"OMNIROUTE_ROUTE_BATCH": "0"}).route_batch == 4
    with pytest.raises(ConfigurationError, match="route batch"):
        ServerConfig.from_args(serve_args(route_batch=-1), {})


def test_a_certificate_without_its_key_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="tls"):
        ServerConfig.from_args(serve_args(tls_cert=Path("c.pem")), {})


def test_without_auth_the_server_refuses_other_hosts_and_warns(
    sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    from omniroute.bootstrap import bootstrap
    from omniroute.server import create_server, shutdown

    config = ServerConfig(database_url=sqlite_url, host="0.0.0.0", port=0, workers=2,
                          max_watchers=1)  # fmt: skip
    app = bootstrap(config)
    with caplog.at_level(logging.WARNING, logger="omniroute.server"):
        server, _port = create_server(config, app)
    shutdown(server, app, 0)
    [warning] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert "loopback only" in warning.getMessage()
    assert "0.0.0.0" in warning.getMessage()
