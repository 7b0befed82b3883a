// E2B's SDK against warren: create → first command, then commands.run('echo hi') round trips. Prints one JSON line.
import { Sandbox } from 'e2b'

const iterations = Number(process.argv[2] ?? 50)
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const creates = []
for (let i = 0; i < 3; i++) {
  const started = performance.now()
  const sandbox = await Sandbox.create('base', { timeoutMs: 300_000 })
  await sandbox.commands.run('echo hi')
  creates.push(performance.now() - started)
  await sandbox.kill()
}
const sandbox = await Sandbox.create('base', { timeoutMs: 300_000 })
for (let i = 0; i < 5; i++) await sandbox.commands.run('echo hi') // warm-up
const runs = []
for (let i = 0; i < iterations; i++) {
  const started = performance.now()
  const result = await sandbox.commands.run('echo hi')
  runs.push(performance.now() - started)
  if (result.stdout !== 'hi\n') throw new Error('unexpected output ' + JSON.stringify(result.stdout))
}
await sandbox.kill()
console.log(JSON.stringify({ createToFirstCommandMs: median(creates), runMedianMs: median(runs),
  runMinMs: Math.min(...runs), runMaxMs: Math.max(...runs), iterations }))
