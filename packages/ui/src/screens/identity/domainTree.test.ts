import assert from 'node:assert/strict';
import { test } from 'node:test';
import { domainNode, updateNode, withChildren } from './domainTree.ts';

const root = domainNode({ id: 'r', name: 'ROOT', haschild: true });

test('a domain with children is not a leaf until it is found to have none', () => {
  assert.equal(root.isLeaf, false);
  assert.equal(domainNode({ id: 'x', name: 'x', haschild: false }).isLeaf, true);
});

test('children land under their parent, deep in the tree too, and an emptied parent becomes a leaf', () => {
  let tree = withChildren([root], 'r', [{ id: 'a', name: 'a', haschild: true }]);
  tree = withChildren(tree, 'a', [{ id: 'b', name: 'b' }]);
  assert.deepEqual(tree[0].children?.[0].children?.map((n) => n.title), ['b']);
  tree = withChildren(tree, 'a', []);
  assert.equal(tree[0].children?.[0].isLeaf, true);
  assert.deepEqual(tree[0].children?.[0].children, []);
});

test('a renamed node keeps its children', () => {
  const tree = updateNode(withChildren([root], 'r', [{ id: 'a', name: 'a' }]), 'r', (n) => ({ ...n, title: 'TOP' }));
  assert.equal(tree[0].title, 'TOP');
  assert.equal(tree[0].children?.length, 1);
});
