"""Runs SPARQL queries against an endpoint with SPARQLWrapper and with rdflib's SPARQLStore,
the clients notebooks use, and prints each query's rows as both read them (JSON on stdout).

Usage: query_with_python_clients.py ENDPOINT QUERY_FILE...
"""
import json
import sys

import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper


def with_sparqlwrapper(endpoint, query):
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(JSON)
    answer = client.query().convert()
    names = answer["head"]["vars"]
    return [[row.get(n, {}).get("value") for n in names] for row in answer["results"]["bindings"]]


def with_rdflib(endpoint, query):
    graph = rdflib.Graph(store=SPARQLStore(endpoint, returnFormat="json"))
    result = graph.query(query)
    names = [str(v) for v in result.vars]
    return [[None if row[n] is None else str(row[n]) for n in names] for row in result]


def main():
    endpoint, files = sys.argv[1], sys.argv[2:]
    out = {}
    for path in files:
        with open(path, encoding="utf-8") as f:
            query = f.read()
        out[path] = {
            "sparqlwrapper": with_sparqlwrapper(endpoint, query),
            "rdflib": with_rdflib(endpoint, query),
        }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
