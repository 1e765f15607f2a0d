import { captureOutput } from '../../../helpers/capture';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../../native/cli/main';
import packageJson from '../../../../package.json';

const capture = captureOutput;
afterEach(() => vi.restoreAllMocks());

describe('atelier command', () => {
  it('prints its version', async () => {
    const io = capture();
    expect(await main(['--version'])).toBe(0);
    expect(io.out()).toBe(`${packageJson.version}\n`);
  });

  it('prints help naming the serve command', async () => {
    const io = capture();
    expect(await main(['--help'])).toBe(0);
    expect(io.out()).toMatch(/atelier serve \[--port N\]/);
  });

  it('refuses an unknown command with exit code 2', async () => {
    const io = capture();
    expect(await main(['fly'])).toBe(2);
    expect(io.err()).toMatch(/unknown command "fly"/);
  });

  it.each([
    [['serve', '--port', 'eighty'], /--port must be a whole number from 0 to 65535, not "eighty"/],
    [['serve', '--port', '70000'], /--port must be a whole number/],
    [['serve', '--colour'], /Unknown option '--colour'/],
    [['serve', '--host', 'a b'], /--host "a b" is not an address/],
    [['serve', '--root', '/no/such/folder'], /--root \/no\/such\/folder does not exist/],
    [['serve', 'extra'], /Unexpected argument 'extra'/],
  ])('refuses bad flags %j with a clear message and exit code 2', async (argv, message) => {
    const io = capture();
    expect(await main(argv)).toBe(2);
    expect(io.err()).toMatch(message);
  });
});
