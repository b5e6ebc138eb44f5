"""Public network pages: the active networks and a network with its members."""

from __future__ import annotations

from flask import render_template

from ..web.errors import found_or_404
from ..web.hooks import fragments
from . import queries


def network_list():
    return render_template("networks/list.html", networks=queries.public_networks())


def detail(slug: str):
    network = found_or_404(queries.get_network(slug))
    return render_template(
        "networks/detail.html",
        network=network,
        members=queries.current_member_names(network),
        # the network's upcoming events, from the events feature
        page_fragments=fragments("network-page", network=network),
    )
