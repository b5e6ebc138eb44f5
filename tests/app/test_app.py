import pytest

from netmgr import create_app


def test_production_without_secret_key_is_a_start_up_error(tmp_path):
    with pytest.raises(RuntimeError, match="NETMGR_SECRET_KEY"):
        create_app(
            {"ENV": "production", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db", "SECRET_KEY": None}
        )


def test_embedded_default_uses_sqlite_in_instance_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("NETMGR_DATABASE_URL", raising=False)
    monkeypatch.setenv("NETMGR_INSTANCE_PATH", str(tmp_path))
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/netmgr.db"
    assert app.config["ENV"] == "development"
    assert (tmp_path / "secret_key").exists()


def test_settings_come_from_prefixed_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("NETMGR_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("NETMGR_MAIL_SERVER", "smtp.example.no")
    monkeypatch.setenv("NETMGR_SECRET_KEY", "k" * 40)
    monkeypatch.setenv("NETMGR_DATABASE_URL", "postgresql://u@db.example/netmgr")
    app = create_app()
    assert app.config["MAIL_SERVER"] == "smtp.example.no"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/netmgr"
    assert app.config["ENV"] == "production"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["PREFERRED_URL_SCHEME"] == "https"  # addresses shown are https
