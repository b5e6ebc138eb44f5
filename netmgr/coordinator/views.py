from flask import Blueprint
bp = Blueprint("coordinator", __name__, url_prefix="/coordinator")
