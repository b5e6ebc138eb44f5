"""Public network pages: the active networks and a network with its members and events."""

from __future__ import annotations

import re

from tests import factories as f


def test_networks_list_and_page_show_current_member_names_only(client, app_ctx):
    net = f.network("Velferd Vest", slug="velferd-vest", description="Deling av erfaringer.")
    f.network("Gammelt nettverk", slug="gammelt", active=False)
    bergen = f.municipality("Bergen")
    askoy = f.municipality("Askøy")
    former = f.municipality("Tidligere kommune")
    f.member(net, bergen)
    f.member(net, askoy)
    f.member(net, former, joined_days_ago=400, left_days_ago=30)
    f.registration(f.event("Nettverksmøte", network_row=net), org=bergen)
    f.event("Annet nettverks møte")

    html = client.get("/networks").get_data(as_text=True)
    assert "Velferd Vest" in html and "2 medlemmer" in html
    assert "Gammelt nettverk" not in html

    html = client.get("/networks/velferd-vest").get_data(as_text=True)
    assert "Deling av erfaringer." in html
    members = html[html.index('id="members-heading"') :]
    assert re.findall(r"<li>([^<]+)</li>", members) == ["Askøy", "Bergen"]
    assert "Tidligere kommune" not in html
    # no personal data (the factory names people "Person N"; the footer links "Personvern")
    assert not re.search(r"Person \d", html) and "@example.no" not in html
    assert "Nettverksmøte" in html and "Annet nettverks møte" not in html
    assert client.get("/networks/finnes-ikke").status_code == 404


def test_network_page_uses_a_fixed_number_of_queries(client, app_ctx, count_queries):
    net = f.network("Velferd Vest", slug="velferd-vest")

    def queries_for_page():
        with count_queries() as statements:
            assert client.get("/networks/velferd-vest").status_code == 200
        return len(statements)

    f.member(net, f.municipality("A"))
    f.event("E0", network_row=net, capacity=5)
    few = queries_for_page()
    for i in range(8):
        f.member(net, f.municipality(f"K{i}"))
        f.event(f"E{i + 1}", network_row=net, capacity=5, themes=["mobility"])
    assert queries_for_page() == few
