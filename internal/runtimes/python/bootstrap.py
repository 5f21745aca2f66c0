"""Starts Virga's Python runtime client, virga_runtime.py beside this file.

Python compiles the script it runs from source every time, but loads an
imported module from the bytecode compiled when the clients were installed;
so the client is a module and this script stays small.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import virga_runtime  # noqa: E402

virga_runtime.main()
