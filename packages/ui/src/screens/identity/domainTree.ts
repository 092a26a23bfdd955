import type { ApiObject } from '../../api/client.ts';

export interface DomainNode {
  key: string;
  title: string;
  isLeaf: boolean;
  children?: DomainNode[];
}

export function domainNode(domain: ApiObject): DomainNode {
  return { key: String(domain.id), title: String(domain.name), isLeaf: domain.haschild !== true };
}

/** The tree with `update` applied to the node `key` (the others as they were). */
export function updateNode(nodes: DomainNode[], key: string, update: (node: DomainNode) => DomainNode): DomainNode[] {
  return nodes.map((node) => {
    if (node.key === key) return update(node);
    if (node.children === undefined) return node;
    return { ...node, children: updateNode(node.children, key, update) };
  });
}

/** The node's new children: a node without any is a leaf. */
export function withChildren(nodes: DomainNode[], key: string, children: ApiObject[]): DomainNode[] {
  return updateNode(nodes, key, (node) => ({ ...node, isLeaf: children.length === 0, children: children.map(domainNode) }));
}
