"""A CloudStack user's journey through Apache Libcloud's CloudStack driver (Debian python3-libcloud 3.4.1), written
as a Libcloud user writes it, against Nimbus (the emulator or a KVM zone):
locations, sizes and images; a key pair; a node started with that key and waited for; the security-group calls; a
public IP with a port forward and a firewall rule; a data volume created, attached, detached and destroyed; the node
rebooted, stopped and started; then everything removed again, the node destroyed last but for its key pair.

Usage: /usr/bin/python3 libcloud_journey.py [--url URL] [--api-key KEY] [--secret-key SECRET] [--zone NAME]
                                            [--template NAME] [--timeout SECONDS] [--ssh-wait SECONDS]
Each option falls back to the environment: NIMBUS_URL (http://host:port/client/api), NIMBUS_API_KEY,
NIMBUS_SECRET_KEY, NIMBUS_ZONE (default: the first zone), NIMBUS_TEMPLATE (a template name; default: the first
executable one in the zone), NIMBUS_TIMEOUT (seconds to wait for the node to run, default 120), NIMBUS_SSH_WAIT
(seconds to wait for the guest's SSH server through the port forward, from where public addresses are reachable;
default 0: no such step, as on the emulator, whose guests are not real).

Prints one JSON line per step: {"step", "seconds", "ok", "seen"} where "seen" holds what the step read back. A failed
step prints its line with "ok": false, "error" (the exception's class) and "message" (Libcloud's text, which is the
server's errortext), the same on stderr, then cleans up what the journey made and exits 1. bench/emulator runs this
script too, so its interface stays as it is.
"""
import argparse
import json
import os
import socket
import sys
import time
import uuid

from libcloud.common.types import ProviderError
from libcloud.compute.providers import get_driver
from libcloud.compute.types import NodeState, Provider


class StepFailed(Exception):
    pass


def check(condition, what):
    if not condition:
        raise StepFailed(what)


class Journey:
    def __init__(self, driver, zone, template, timeout, ssh_wait):
        self.driver = driver
        self.zone_name = zone
        self.template_name = template
        self.timeout = timeout
        self.ssh_wait = ssh_wait
        self.suffix = uuid.uuid4().hex[:6]
        self.made = {}

    def step(self, name, fn):
        start = time.monotonic()
        try:
            seen = fn()
        except Exception as e:  # noqa: BLE001 - any Libcloud failure ends the journey, named and explained
            message = str(getattr(e, "value", e))
            line = {"step": name, "seconds": round(time.monotonic() - start, 3), "ok": False, "error": type(e).__name__, "message": message}
            print(json.dumps(line), flush=True)
            print("step %s failed: %s: %s" % (name, type(e).__name__, message), file=sys.stderr)
            raise
        print(json.dumps({"step": name, "seconds": round(time.monotonic() - start, 3), "ok": True, "seen": seen}, default=str), flush=True)

    def run(self):
        self.step("list_locations", self.list_locations)
        self.step("list_sizes", self.list_sizes)
        self.step("list_images", self.list_images)
        self.step("create_key_pair", self.create_key_pair)
        self.step("list_key_pairs", self.list_key_pairs)
        self.step("create_node", self.create_node)
        self.step("wait_until_running", self.wait_until_running)
        self.step("security_groups", self.security_groups)
        self.step("allocate_public_ip", self.allocate_public_ip)
        self.step("create_port_forwarding_rule", self.create_port_forwarding_rule)
        self.step("list_port_forwarding_rules", self.list_port_forwarding_rules)
        self.step("create_firewall_rule", self.create_firewall_rule)
        self.step("list_firewall_rules", self.list_firewall_rules)
        # A booting guest cannot take a hot-plugged disk out again: on a real host, wait for it first.
        if self.ssh_wait:
            self.step("wait_for_ssh", self.wait_for_ssh)
        self.step("create_volume", self.create_volume)
        self.step("attach_volume", self.attach_volume)
        self.step("detach_volume", self.detach_volume)
        self.step("destroy_volume", self.destroy_volume)
        self.step("reboot_node", self.reboot_node)
        # Back from the reset, the guest answers again; a guest still booting would also sit out the stop's grace.
        if self.ssh_wait:
            self.step("wait_for_ssh_after_reboot", self.wait_for_ssh)
        self.step("stop_node", self.stop_node)
        self.step("start_node", self.start_node)
        self.step("delete_firewall_rule", self.delete_firewall_rule)
        self.step("delete_port_forwarding_rule", self.delete_port_forwarding_rule)
        self.step("release_public_ip", self.release_public_ip)
        self.step("destroy_node", self.destroy_node)
        self.step("delete_key_pair", self.delete_key_pair)

    def list_locations(self):
        locations = self.driver.list_locations()
        names = [l.name for l in locations]
        matching = [l for l in locations if self.zone_name in (None, l.name)]
        check(matching, "zone %r not among %r" % (self.zone_name, names))
        self.location = matching[0]
        check(self.location.id, "the zone has no id")
        return {"names": names, "id": self.location.id}

    def list_sizes(self):
        sizes = self.driver.list_sizes(location=self.location)
        check(sizes, "no service offerings")
        for s in sizes:
            check(s.id and s.name and s.ram > 0 and s.extra.get("cpu", 0) > 0, "size %r lacks id, name, ram or cpu" % s.__dict__)
        self.size = min(sizes, key=lambda s: (s.ram, s.extra["cpu"]))
        return {"sizes": [{"id": s.id, "name": s.name, "ram": s.ram, "cpu": s.extra["cpu"]} for s in sizes], "chosen": self.size.name}

    def list_images(self):
        images = self.driver.list_images(location=self.location)
        matching = [i for i in images if self.template_name in (None, i.name)]
        check(matching, "template %r not among %r" % (self.template_name, [i.name for i in images]))
        self.image = matching[0]
        for i in images:
            check(i.id and i.name and i.extra.get("hypervisor") and i.extra.get("format"), "image %r lacks id, name, hypervisor or format" % i.__dict__)
        return {"images": [{"id": i.id, "name": i.name, "hypervisor": i.extra["hypervisor"], "format": i.extra["format"], "os": i.extra["os"]} for i in images], "chosen": self.image.name}

    def create_key_pair(self):
        key = self.driver.create_key_pair("libcloud-key-" + self.suffix)
        self.made["key"] = key
        check(key.private_key and "PRIVATE KEY" in key.private_key, "the new key pair carries no private key")
        check(key.fingerprint, "the new key pair has no fingerprint")
        return {"name": key.name, "fingerprint": key.fingerprint, "public_key": key.public_key}

    def list_key_pairs(self):
        keys = self.driver.list_key_pairs()
        names = [k.name for k in keys]
        check(self.made["key"].name in names, "the new key pair is not listed: %r" % names)
        found = self.driver.get_key_pair(self.made["key"].name)
        check(found.fingerprint == self.made["key"].fingerprint, "get_key_pair answers another fingerprint")
        return {"names": names}

    def create_node(self):
        node = self.driver.create_node(
            name="libcloud-" + self.suffix, size=self.size, image=self.image, location=self.location,
            ex_keyname=self.made["key"].name, ex_start_vm=True,
        )
        self.made["node"] = node
        # Libcloud 3.4.1 reads the key's name from `keypair`, which CloudStack 4.17 renamed `keypairs`.
        listed = self.driver._sync_request("listVirtualMachines", params={"id": node.id})["virtualmachine"][0]
        check(listed.get("keypairs") == self.made["key"].name, "the node's keypairs is %r" % listed.get("keypairs"))
        # instancename (root admins only) lets a test find the guest on its host.
        return {"id": node.id, "name": node.name, "state": node.state, "private_ips": node.private_ips, "keypairs": listed["keypairs"], "instancename": listed.get("instancename")}

    def wait_until_running(self):
        # An Advanced zone's VM has no public address of its own, so Libcloud is told to wait for the private one.
        [(node, ips)] = self.driver.wait_until_running([self.made["node"]], wait_period=1, timeout=self.timeout, ssh_interface="private_ips")
        self.made["node"] = node
        check(node.state == NodeState.RUNNING, "state %r" % node.state)
        return {"state": node.state, "ips": ips}

    def reboot_node(self):
        rebooted = self.driver.reboot_node(self.made["node"])
        check(rebooted is True, "reboot_node answered %r" % rebooted)
        state = self.driver.ex_get_node(self.made["node"].id).state
        check(state == NodeState.RUNNING, "state after reboot %r" % state)
        return {"rebooted": rebooted, "state": state}

    def stop_node(self):
        # Libcloud's ex_stop/ex_start answer the state CloudStack's job result gives.
        stopped = self.driver.ex_stop(self.made["node"])
        check(stopped == "Stopped", "ex_stop answered %r" % stopped)
        state = self.driver.ex_get_node(self.made["node"].id).state
        check(state == NodeState.STOPPED, "state after stop %r" % state)
        return {"stopped": stopped, "state": state}

    def start_node(self):
        started = self.driver.ex_start(self.made["node"])
        check(started == "Running", "ex_start answered %r" % started)
        listed = [n.state for n in self.driver.list_nodes() if n.id == self.made["node"].id]
        check(listed == [NodeState.RUNNING], "list_nodes after start %r" % listed)
        return {"started": started, "listed": listed}

    def wait_for_ssh(self):
        """Until the guest's SSH server greets through the port forward (public port 2222), as a user waits to log in."""
        address = self.made["address"].address
        deadline = time.monotonic() + self.ssh_wait
        last = None
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((address, 2222), timeout=3) as conn:
                    conn.settimeout(5)
                    banner = conn.recv(256)
                if banner.startswith(b"SSH-"):
                    return {"address": address, "banner": banner.decode("ascii", "replace").strip()}
                last = "greeted with %r" % banner
            except OSError as e:
                last = str(e)
            time.sleep(1)
        raise StepFailed("no SSH server answered at %s:2222 in %d s (last: %s)" % (address, self.ssh_wait, last))

    def create_volume(self):
        volume = self.driver.create_volume(size=1, name="libcloud-vol-" + self.suffix, location=self.location)
        self.made["volume"] = volume
        listed = [v for v in self.driver.list_volumes() if v.id == volume.id]
        check(listed, "the new volume is not listed")
        return {"id": volume.id, "name": volume.extra["name"], "size": listed[0].size, "state": listed[0].state}

    def attach_volume(self):
        check(self.driver.attach_volume(self.made["node"], self.made["volume"]) is True, "attach_volume did not answer True")
        on_node = [v.id for v in self.driver.list_volumes(node=self.made["node"])]
        check(self.made["volume"].id in on_node, "the volume is not among the node's %r" % on_node)
        return {"node_volumes": len(on_node), "state": self.driver.ex_get_volume(self.made["volume"].id).state}

    def detach_volume(self):
        check(self.driver.detach_volume(self.made["volume"]) is True, "detach_volume did not answer True")
        on_node = [v.id for v in self.driver.list_volumes(node=self.made["node"])]
        check(self.made["volume"].id not in on_node, "the volume is still the node's")
        return {"node_volumes": len(on_node), "state": self.driver.ex_get_volume(self.made["volume"].id).state}

    def destroy_volume(self):
        check(self.driver.destroy_volume(self.made.pop("volume")) is True, "destroy_volume did not answer True")
        left = [v.name for v in self.driver.list_volumes() if v.name.startswith("libcloud-vol-" + self.suffix)]
        check(not left, "the volume is still listed")
        return {"left": left}

    def security_groups(self):
        """A zone without security groups refuses them with CloudStack's error, which Libcloud raises as
        ProviderError carrying errortext and the HTTP status (errorcode). Where they exist, a group is made,
        opened for TCP 22 and deleted."""
        d = self.driver
        try:
            groups = d.ex_list_security_groups()
        except ProviderError as e:
            refused = {"supported": False, "code": e.http_code, "errortext": e.value}
            # A node asking for a group must be refused too, not started without the isolation it asked for.
            try:
                self.made["sg_node"] = d.create_node(
                    name="libcloud-sg-" + self.suffix, size=self.size, image=self.image, location=self.location,
                    ex_security_groups=["default"], ex_start_vm=False,
                )
            except Exception as e:  # noqa: BLE001 - an async job's failure reaches Libcloud users as a bare Exception
                return dict(refused, deploy_error=str(e))
            raise StepFailed("create_node(ex_security_groups=['default']) made node %s in a zone without security groups" % self.made["sg_node"].id)
        name = "libcloud-sg-" + self.suffix
        d.ex_create_security_group(name, description="libcloud journey")
        group = d.ex_authorize_security_group_ingress(securitygroupname=name, protocol="TCP", cidrlist="0.0.0.0/0", startport=22)
        check(d.ex_delete_security_group(name), "ex_delete_security_group did not succeed")
        return {"supported": True, "listed": len(groups), "rules": len(group.get("ingressrule", []))}

    def allocate_public_ip(self):
        address = self.driver.ex_allocate_public_ip(location=self.location)
        self.made["address"] = address
        listed = [a.address for a in self.driver.ex_list_public_ips() if a.id == address.id]
        check(listed == [address.address], "the new address is listed as %r" % listed)
        return {"id": address.id, "address": address.address}

    def create_port_forwarding_rule(self):
        rule = self.driver.ex_create_port_forwarding_rule(self.made["node"], self.made["address"], 22, 2222, "TCP")
        self.made["rule"] = rule
        return {"id": rule.id, "public_port": rule.public_port, "private_port": rule.private_port, "protocol": rule.protocol}

    def list_port_forwarding_rules(self):
        rules = self.driver.ex_list_port_forwarding_rules(ipaddress_id=self.made["address"].id)
        check([r.id for r in rules] == [self.made["rule"].id], "listed rules %r" % [r.id for r in rules])
        node = self.driver.ex_get_node(self.made["node"].id)
        node_rules = [
            {"id": r.id, "address": r.address.address, "protocol": r.protocol, "public_port": r.public_port, "private_port": r.private_port}
            for r in node.extra["port_forwarding_rules"]
        ]
        check(self.made["address"].address in node.public_ips, "the forwarded address is not among the node's public IPs %r" % node.public_ips)
        return {"rules": node_rules, "public_ips": node.public_ips}

    def create_firewall_rule(self):
        rule = self.driver.ex_create_firewall_rule(self.made["address"], "0.0.0.0/0", "TCP", start_port=8080, end_port=8081)
        self.made["firewall"] = rule
        return {"id": rule.id}

    def list_firewall_rules(self):
        rules = [r for r in self.driver.ex_list_firewall_rules() if r.address.id == self.made["address"].id]
        mine = [r for r in rules if r.id == self.made["firewall"].id]
        check(mine, "the firewall rule is not listed")
        r = mine[0]
        # Libcloud hands back the JSON as it came: CloudStack's firewall rule ports are integers, its protocol lower case.
        check((r.protocol, r.start_port, r.end_port, r.cidr_list) == ("tcp", 8080, 8081, "0.0.0.0/0"), "the rule reads back as %r" % r.__dict__)
        return {"on_address": sorted((x.start_port, x.end_port) for x in rules)}

    def delete_firewall_rule(self):
        check(self.driver.ex_delete_firewall_rule(self.made.pop("firewall")) is True, "ex_delete_firewall_rule did not answer True")
        left = [r.id for r in self.driver.ex_list_firewall_rules() if r.address.id == self.made["address"].id and r.start_port == 8080]
        check(not left, "the firewall rule is still listed")
        return {"left": left}

    def delete_port_forwarding_rule(self):
        node = self.driver.ex_get_node(self.made["node"].id)
        rule = [r for r in node.extra["port_forwarding_rules"] if r.id == self.made["rule"].id][0]
        check(self.driver.ex_delete_port_forwarding_rule(node, rule) is True, "ex_delete_port_forwarding_rule did not answer True")
        del self.made["rule"]
        left = [r.id for r in self.driver.ex_list_port_forwarding_rules(ipaddress_id=self.made["address"].id)]
        check(not left, "rules left %r" % left)
        return {"left": left}

    def release_public_ip(self):
        address = self.made.pop("address")
        check(self.driver.ex_release_public_ip(address) is True, "ex_release_public_ip did not answer True")
        left = [a.address for a in self.driver.ex_list_public_ips() if a.id == address.id]
        check(not left, "the address is still listed")
        return {"left": left}

    def destroy_node(self):
        node = self.made.pop("node")
        check(self.driver.destroy_node(node, ex_expunge=True) is True, "destroy_node did not answer True")
        left = [(n.id, n.state) for n in self.driver.list_nodes() if n.id == node.id and n.state != NodeState.TERMINATED]
        check(not left, "the node is still there: %r" % left)
        return {"left": left}

    def delete_key_pair(self):
        key = self.made.pop("key")
        # Libcloud 3.4.1 compares success with the string 'true'; CloudStack (and Nimbus) answer the boolean.
        self.driver.delete_key_pair(key)
        names = [k.name for k in self.driver.list_key_pairs()]
        check(key.name not in names, "the key pair is still listed")
        return {"left": [n for n in names if n == key.name]}

    def clean_up(self):
        """After a failure: removes what the journey made, each on its own, so one refusal does not keep the rest."""
        d, made = self.driver, self.made
        undo = [
            ("firewall", d.ex_delete_firewall_rule),
            ("address", d.ex_release_public_ip),
            # A destroyed node lets go of its data disks, which a guest that is still booting would not.
            ("node", lambda n: d.destroy_node(n, ex_expunge=True)),
            ("sg_node", lambda n: d.destroy_node(n, ex_expunge=True)),
            ("volume", d.destroy_volume),
            ("key", d.delete_key_pair),
        ]
        for what, fn in undo:
            if what in made:
                try:
                    fn(made[what])
                except Exception as e:  # noqa: BLE001 - clean-up goes on; the journey's own failure is the report
                    print("clean-up of %s failed: %s" % (what, e), file=sys.stderr)


def main():
    env = os.environ.get
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--url", default=env("NIMBUS_URL"))
    p.add_argument("--api-key", default=env("NIMBUS_API_KEY"))
    p.add_argument("--secret-key", default=env("NIMBUS_SECRET_KEY"))
    p.add_argument("--zone", default=env("NIMBUS_ZONE"))
    p.add_argument("--template", default=env("NIMBUS_TEMPLATE"))
    p.add_argument("--timeout", type=int, default=int(env("NIMBUS_TIMEOUT", "120")))
    p.add_argument("--ssh-wait", type=int, default=int(env("NIMBUS_SSH_WAIT", "0")))
    a = p.parse_args()
    for name in ("url", "api_key", "secret_key"):
        if not getattr(a, name):
            p.error("--%s (or NIMBUS_%s) is required" % (name.replace("_", "-"), name.upper()))
    # secure=False is required: libcloud 3.4.1 speaks TLS to an http:// url otherwise.
    driver = get_driver(Provider.CLOUDSTACK)(key=a.api_key, secret=a.secret_key, url=a.url, secure=False)
    journey = Journey(driver, a.zone, a.template, a.timeout, a.ssh_wait)
    try:
        journey.run()
    except Exception:  # noqa: BLE001 - already reported by the step
        journey.clean_up()
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
