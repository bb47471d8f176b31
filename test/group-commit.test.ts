import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../src/services/group-commit';

/** A write that the test ends when it chooses. */
function writes() {
  const groups: number[][] = [];
  const pending: (() => void)[] = [];
  const write = (group: number[]) =>
    new Promise<void>((resolve) => {
      groups.push(group);
      pending.push(resolve);
    });
  const finishAll = () => pending.splice(0).forEach((resolve) => resolve());
  return { groups, write, finishAll };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('without a linger writes the first item at once and those arriving meanwhile as one group', async () => {
    const { groups, write, finishAll } = writes();
    const commit = new GroupCommit(write);
    commit.add(1);
    await tick();
    expect(groups).toEqual([[1]]);
    commit.add(2);
    commit.add(3);
    finishAll();
    await tick();
    expect(groups).toEqual([[1], [2, 3]]);
    const done = commit.done();
    finishAll();
    await done;
    expect(groups).toEqual([[1], [2, 3]]);
  });

  it('with a linger gathers the items of the linger into one write', async () => {
    const { groups, write, finishAll } = writes();
    const commit = new GroupCommit(write, 10_000);
    commit.add(1);
    commit.add(2);
    await tick();
    expect(groups).toEqual([]);
    const done = commit.done(); // done() ends the linger: nothing more will join
    await tick();
    expect(groups).toEqual([[1, 2]]);
    finishAll();
    await done;
  });

  it('writes a lingering group when its linger runs out, with no call to done()', async () => {
    const { groups, write, finishAll } = writes();
    const commit = new GroupCommit(write, 5);
    commit.add(1);
    await expect.poll(() => groups.length, { timeout: 30_000 }).toBe(1);
    expect(groups).toEqual([[1]]);
    finishAll();
    await commit.done();
  });

  it('rejects done() with the first failed write, after writing every group', async () => {
    const groups: number[][] = [];
    const commit = new GroupCommit<number>(async (group) => {
      groups.push(group);
      if (group.includes(1)) throw new Error('first');
    });
    commit.add(1);
    await tick();
    commit.add(2);
    await expect(commit.done()).rejects.toThrow('first');
    expect(groups).toEqual([[1], [2]]);
  });
});
