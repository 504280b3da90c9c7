"""Templates are compiled once and read back while unchanged (settings.template_cache, used by
scripts/hooks/template_cache.py for the theme's templates)."""
from __future__ import annotations

import importlib.util

import jinja2
import pytest

import settings
from conftest import ROOT

spec = importlib.util.spec_from_file_location("template_cache", ROOT / "scripts" / "hooks" / "template_cache.py")
template_cache = importlib.util.module_from_spec(spec)
spec.loader.exec_module(template_cache)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "CACHE", tmp_path / "cache")
    return tmp_path / "cache"


def environment(templates: dict, **options) -> tuple[jinja2.Environment, list]:
    """A theme-like environment after the hook, and the sources it compiled."""
    env = jinja2.Environment(loader=jinja2.DictLoader(templates), **options)
    env = template_cache.on_env(env, None, None)
    compiled = []
    compile_source = env.compile

    def counting(source, *args, **kwargs):
        compiled.append(source)
        return compile_source(source, *args, **kwargs)
    env.compile = counting
    return env, compiled


def test_an_unchanged_template_is_read_back_and_an_edited_one_compiled_again(cache):
    first, compiled = environment({"page.html": "{{ title }}!"})
    assert first.get_template("page.html").render(title="A") == "A!" and compiled == ["{{ title }}!"]
    assert len(list(cache.glob("templates/*/*.cache"))) == 1

    again, compiled = environment({"page.html": "{{ title }}!"})
    assert again.get_template("page.html").render(title="B") == "B!" and compiled == []

    edited, compiled = environment({"page.html": "<b>{{ title }}</b>"})
    assert edited.get_template("page.html").render(title="C") == "<b>C</b>" and compiled == ["<b>{{ title }}</b>"]


def test_each_environment_setup_has_its_own_code(cache):
    plain, _ = environment({"page.html": "{% if x %}\nyes{% endif %}"})
    trimmed, compiled = environment({"page.html": "{% if x %}\nyes{% endif %}"}, trim_blocks=True)
    assert plain.get_template("page.html").render(x=1) == "\nyes"
    assert trimmed.get_template("page.html").render(x=1) == "yes" and len(compiled) == 1
    assert len(list(cache.glob("templates/*"))) == 2


def test_no_cache_where_the_folder_cannot_be_made(cache):
    cache.write_text("a file where the folder would be")
    env, compiled = environment({"page.html": "{{ 1 + 1 }}"})
    assert env.bytecode_cache is None
    assert env.get_template("page.html").render() == "2" and len(compiled) == 1
