/** `nimbus`: the one executable: `nimbus server`, `nimbus agent`, `nimbus up`, `nimbus zone`, and the API verbs (cli/run.ts). */
import { enableCompileCache } from 'node:module';

// Node strips the types of every source file at each start; its compile cache keeps the result (0.95 s to 0.73 s for
// the emulator's start, bench/emulator). It lives under the OS temp dir and Node checks it against the sources.
enableCompileCache();
const [command, ...rest] = process.argv.slice(2);

const usage = `Usage: nimbus <command> [options]

Commands:
  server     run the management server (nimbus server --help); --simulator: the CloudStack API emulator
  agent      run the host agent of a KVM host (nimbus agent --help)
  up         a one-machine cloud: server, an agent for this machine, zone "local" (what npm start runs)
  zone       build zones from a Marvin configuration (nimbus zone apply FILE)

API commands (cloudmonkey-style, docs/cli.md):
  <verb> <noun> [key=value ...]   e.g. nimbus list zones, nimbus deploy virtualmachine zoneid=...
  api <command> [key=value ...]   any API command by its name
  sync                            refresh the profile's command list (listApis)
  set <key> <value>               url, apikey, secretkey, username, password, domain, output, timeout;
                                  set profile <name> switches to (or creates) a profile
  profile                         list the profiles
  completion bash                 print the bash completion script
Options: -p/--profile NAME, -o/--output json|table|csv|text, -a/--async, filter=field,field;
  -h after a command describes its parameters
`;

async function main(): Promise<number> {
  switch (command) {
    case 'server': {
      if (rest.includes('--simulator')) {
        const { runEmulator } = await import('./emulator/emulator.ts');
        return runEmulator(rest.filter((a) => a !== '--simulator'));
      }
      const { runServer } = await import('@nimbus/server/main-server');
      return runServer(rest);
    }
    case 'agent': {
      const { runAgent } = await import('@nimbus/agent');
      return runAgent(rest);
    }
    case 'up': {
      const { runQuickstart } = await import('./quickstart/quickstart.ts');
      return runQuickstart(rest);
    }
    case 'zone': {
      const { runZone } = await import('./zone-apply.ts');
      return runZone(rest);
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(usage);
      return command === undefined ? 2 : 0;
    default: {
      const { runCli } = await import('./cli/run.ts');
      return runCli(process.argv.slice(2));
    }
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`nimbus: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
