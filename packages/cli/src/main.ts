/** `nimbus`: the one executable: `nimbus server`, `nimbus agent`, `nimbus zone`; the CLI verbs follow. */
const [command, ...rest] = process.argv.slice(2);

const usage = `Usage: nimbus <command> [options]

Commands:
  server     run the management server (nimbus server --help); --simulator: the CloudStack API emulator
  agent      run the host agent of a KVM host (nimbus agent --help)
  up         a one-machine cloud: server, an agent for this machine, zone "local" (what npm start runs)
  zone       build zones from a Marvin configuration (nimbus zone apply FILE)
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
    default:
      process.stderr.write(`nimbus: unknown command '${command}'\n\n${usage}`);
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`nimbus: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
