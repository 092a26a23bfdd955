"""Lists with the `cs` library's paging (fetch_list=True), the way every Ansible cloudstack lookup does.

Usage: cs_fetch_list.py COMMAND [name=value ...]; prints the collected items as a JSON array.
Configuration from the environment as for the cs CLI (CLOUDSTACK_ENDPOINT, CLOUDSTACK_KEY, CLOUDSTACK_SECRET,
CLOUDSTACK_METHOD). cs sends page=1,2,... and stops once it holds `count` items or a page comes back empty, so
`count` must be the total and a page size given here (pagesize=1) makes it walk every page.
"""
import json
import sys

from cs import CloudStack, read_config


def main():
    command, *args = sys.argv[1:]
    params = dict(arg.split("=", 1) for arg in args)
    cs = CloudStack(**read_config())
    print(json.dumps(getattr(cs, command)(fetch_list=True, **params)))


if __name__ == "__main__":
    main()
