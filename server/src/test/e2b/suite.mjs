// The E2B SDK (npm package e2b, pinned in package.json) against a warren server, unchanged: only E2B_API_URL,
// E2B_SANDBOX_URL and E2B_API_KEY point it here. Run by E2bSdkIT (README's test command); prints one line per
// check and exits non-zero when any fails. E2B_API_KEY_OTHER is a second user's key (not-yours checks).
import http from 'node:http'
import crypto from 'node:crypto'
import {
  Sandbox, CommandExitError, SandboxNotFoundError, AuthenticationError, TimeoutError, NotFoundError,
  InvalidArgumentError, FileNotFoundError, SandboxError,
} from 'e2b'

const RUN = crypto.randomBytes(4).toString('hex')
const SANDBOX_URL = process.env.E2B_SANDBOX_URL
const only = process.env.E2B_SUITE_ONLY ? new RegExp(process.env.E2B_SUITE_ONLY) : null
const checks = []
const check = (name, fn) => checks.push([name, fn])
const created = []

function assert(condition, message) {
  if (!condition) throw new Error('assertion failed: ' + message)
}
async function rejects(promise, type, what) {
  try {
    await promise
  } catch (error) {
    assert(error instanceof type, `${what}: expected ${type.name}, got ${error?.name}: ${error?.message}`)
    return error
  }
  throw new Error(`${what}: expected ${type.name}, but it succeeded`)
}
async function until(what, fn, seconds = 20) {
  const deadline = Date.now() + seconds * 1000
  let last
  while (Date.now() < deadline) {
    try {
      const value = await fn()
      if (value) return value
    } catch (error) {
      last = error
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`timed out waiting for ${what}${last ? ': ' + last.message : ''}`)
}
async function track(promise) {
  const sandbox = await promise
  created.push(sandbox.sandboxId)
  return sandbox
}
async function envd(sbx, path, body, token) {
  return fetch(SANDBOX_URL + path, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json', 'Connect-Protocol-Version': '1',
      'E2b-Sandbox-Id': sbx.sandboxId, 'E2b-Sandbox-Port': '49983', 'X-Access-Token': token ?? sbx.envdAccessToken,
    },
    body: JSON.stringify(body),
  })
}

let sbx

check('create with metadata answers a running sandbox with its metadata', async () => {
  sbx = await track(Sandbox.create('base', { metadata: { suite: RUN, kind: 'main' }, timeoutMs: 600_000 }))
  const info = await sbx.getInfo()
  assert(info.sandboxId === sbx.sandboxId, 'id')
  assert(info.metadata.suite === RUN && info.metadata.kind === 'main', 'metadata ' + JSON.stringify(info.metadata))
  assert(info.state === 'running', 'state ' + info.state)
  assert(await sbx.isRunning(), 'isRunning')
})

check('commands.run runs a shell line with its env and cwd and returns stdout, stderr and the exit code', async () => {
  const result = await sbx.commands.run('echo hello $WHO | tr a-z A-Z; echo oops >&2; pwd', {
    envs: { WHO: 'e2b' }, cwd: '/tmp',
  })
  assert(result.exitCode === 0, 'exit ' + result.exitCode)
  assert(result.stdout === 'HELLO E2B\n/tmp\n', 'stdout ' + JSON.stringify(result.stdout))
  assert(result.stderr === 'oops\n', 'stderr ' + JSON.stringify(result.stderr))
})

check('a failing command raises CommandExitError with its exit code and output', async () => {
  const error = await rejects(sbx.commands.run('echo before; exit 3'), CommandExitError, 'exit 3')
  assert(error.exitCode === 3, 'exitCode ' + error.exitCode)
  assert(error.stdout === 'before\n', 'stdout ' + JSON.stringify(error.stdout))
})

check('a background command streams its output, is listed, and is gone once killed', async () => {
  const ticks = []
  const handle = await sbx.commands.run('for i in 1 2 3; do echo tick $i; sleep 0.2; done; sleep 600', {
    background: true, onStdout: (data) => ticks.push(data), timeoutMs: 0,
  })
  await until('three ticks', () => ticks.join('').includes('tick 3'))
  const listed = await sbx.commands.list()
  assert(listed.some((p) => p.pid === handle.pid && p.cmd === '/bin/bash'), 'listed ' + JSON.stringify(listed))
  assert(await handle.kill(), 'kill answered false')
  const error = await rejects(handle.wait(), CommandExitError, 'killed command')
  assert(error.exitCode === -1 && /killed/.test(error.error), 'killed: ' + error.exitCode + ' ' + error.error)
  await until('the pid to leave the list', async () => !(await sbx.commands.list()).some((p) => p.pid === handle.pid))
})

check('stdin reaches a command, and closing stdin ends it', async () => {
  const reader = await sbx.commands.run('read line; echo got:$line', { background: true, stdin: true })
  await reader.sendStdin('abc\n')
  assert((await reader.wait()).stdout === 'got:abc\n', 'read line')
  const cat = await sbx.commands.run('cat', { background: true, stdin: true })
  await sbx.commands.sendStdin(cat.pid, 'one ')
  await cat.sendStdin('two')
  await cat.closeStdin()
  assert((await cat.wait()).stdout === 'one two', 'cat ' + JSON.stringify(cat.stdout))
})

check('a PTY runs an interactive shell, takes input and resizes', async () => {
  let output = ''
  const decoder = new TextDecoder()
  const terminal = await sbx.pty.create({ cols: 80, rows: 24, onData: (data) => { output += decoder.decode(data) } })
  await sbx.pty.sendInput(terminal.pid, new TextEncoder().encode('echo pty-$((6*7))\n'))
  await until('pty output', () => output.includes('pty-42'))
  await sbx.pty.resize(terminal.pid, { cols: 100, rows: 30 })
  await sbx.pty.sendInput(terminal.pid, new TextEncoder().encode('stty size\n'))
  await until('the new size', () => output.includes('30 100'))
  await sbx.pty.sendInput(terminal.pid, new TextEncoder().encode('exit\n'))
  await terminal.wait()
})

check('files write, read, list, exist, rename, remove and make directories', async () => {
  const info = await sbx.files.write('/tmp/e2b/a.txt', 'hello files')
  assert(info.path === '/tmp/e2b/a.txt' && info.name === 'a.txt', 'write info ' + JSON.stringify(info))
  assert((await sbx.files.read('/tmp/e2b/a.txt')) === 'hello files', 'read')
  await sbx.files.write([{ path: '/tmp/e2b/sub/b.txt', data: 'bee' }, { path: '/tmp/e2b/c.txt', data: 'sea' }])
  const top = await sbx.files.list('/tmp/e2b')
  assert(top.map((e) => e.name).sort().join() === 'a.txt,c.txt,sub', 'list ' + top.map((e) => e.name))
  assert(top.find((e) => e.name === 'sub').type === 'dir', 'dir type')
  assert(top.find((e) => e.name === 'a.txt').size === 11, 'size')
  const deep = await sbx.files.list('/tmp/e2b', { depth: 2 })
  assert(deep.some((e) => e.path === '/tmp/e2b/sub/b.txt'), 'depth 2 ' + deep.map((e) => e.path))
  assert(await sbx.files.exists('/tmp/e2b/a.txt'), 'exists')
  assert(!(await sbx.files.exists('/tmp/e2b/none.txt')), 'not exists')
  const moved = await sbx.files.rename('/tmp/e2b/a.txt', '/tmp/e2b/moved.txt')
  assert(moved.path === '/tmp/e2b/moved.txt', 'moved ' + JSON.stringify(moved))
  assert(!(await sbx.files.exists('/tmp/e2b/a.txt')) && (await sbx.files.exists('/tmp/e2b/moved.txt')), 'rename')
  await sbx.files.remove('/tmp/e2b/moved.txt')
  assert(!(await sbx.files.exists('/tmp/e2b/moved.txt')), 'removed')
  assert((await sbx.files.makeDir('/tmp/e2b/new/dir')) === true, 'makeDir')
  assert((await sbx.files.makeDir('/tmp/e2b/new/dir')) === false, 'makeDir again')
  await rejects(sbx.files.read('/tmp/e2b/none.txt'), FileNotFoundError, 'missing file')
  await rejects(sbx.files.read('/tmp/e2b'), InvalidArgumentError, 'reading a directory')
  assert((await sbx.commands.run('cat /tmp/e2b/sub/b.txt')).stdout === 'bee', 'the command sees the file')
})

check('watchDir streams file events', async () => {
  await sbx.files.makeDir('/tmp/watched')
  const events = []
  const handle = await sbx.files.watchDir('/tmp/watched', (event) => events.push(event))
  await sbx.files.write('/tmp/watched/x.txt', 'x')
  await until('a watch event for x.txt', () => events.some((e) => e.name === 'x.txt'))
  await handle.stop()
})

check('a 20 MB upload arrives intact and downloads again', async () => {
  const size = 20 * 1024 * 1024
  const data = crypto.randomBytes(size)
  const digest = crypto.createHash('sha256').update(data).digest('hex')
  await sbx.files.write('/tmp/big.bin', data.buffer.slice(data.byteOffset, data.byteOffset + size))
  const inside = await sbx.commands.run('wc -c < /tmp/big.bin; sha256sum /tmp/big.bin')
  assert(inside.stdout.startsWith(String(size)), 'size inside ' + inside.stdout)
  assert(inside.stdout.includes(digest), 'digest inside')
  const back = await sbx.files.read('/tmp/big.bin', { format: 'bytes' })
  assert(back.length === size, 'downloaded ' + back.length)
  assert(crypto.createHash('sha256').update(back).digest('hex') === digest, 'downloaded digest')
})

check('list with a metadata filter finds exactly the matching sandbox', async () => {
  const page = await Sandbox.list({ query: { metadata: { suite: RUN, kind: 'main' } } }).nextItems()
  assert(page.length === 1 && page[0].sandboxId === sbx.sandboxId, 'listed ' + JSON.stringify(page))
  const none = await Sandbox.list({ query: { metadata: { suite: RUN, kind: 'nope' } } }).nextItems()
  assert(none.length === 0, 'none ' + none.length)
  const running = await Sandbox.list({ query: { state: ['running'], metadata: { suite: RUN } } }).nextItems()
  assert(running.some((s) => s.sandboxId === sbx.sandboxId), 'by state')
})

check('setTimeout moves the end of the sandbox', async () => {
  await sbx.setTimeout(900_000)
  const info = await sbx.getInfo()
  const left = info.endAt.getTime() - Date.now()
  assert(left > 880_000 && left < 910_000, 'left ' + left)
})

check('getHost(port) reaches a server in the sandbox through the port URL proxy', async () => {
  await sbx.commands.run('mkdir -p /tmp/www && echo port-ok > /tmp/www/index.html && busybox httpd -f -p 8080 -h /tmp/www',
    { background: true, timeoutMs: 0 })
  const host = sbx.getHost(8080)
  assert(host.startsWith('8080-' + sbx.sandboxId + '.'), 'host ' + host)
  const proxyPort = Number(host.split(':')[1] ?? 80)
  const body = await until('the page', () => new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port: proxyPort, path: '/index.html', headers: { Host: host } },
      (response) => {
        let text = ''
        response.on('data', (chunk) => { text += chunk })
        response.on('end', () => resolve(response.statusCode === 200 ? text : null))
      })
    request.on('error', () => resolve(null))
  }))
  assert(body === 'port-ok\n', 'body ' + JSON.stringify(body))
})

check('pause keeps files and processes, connect resumes them', async () => {
  await sbx.files.write('/tmp/kept.txt', 'kept')
  const sleeper = await sbx.commands.run('sleep 900', { background: true, timeoutMs: 0 })
  assert(await sbx.pause(), 'pause answered false')
  assert((await sbx.getInfo()).state === 'paused', 'paused')
  assert((await sbx.pause()) === false, 'pausing again answers false')
  const again = await Sandbox.connect(sbx.sandboxId)
  assert((await again.getInfo()).state === 'running', 'running again')
  assert((await again.files.read('/tmp/kept.txt')) === 'kept', 'file kept')
  assert((await again.commands.list()).some((p) => p.pid === sleeper.pid), 'process kept')
  sbx = again
})

check('fork makes a sandbox with the same files', async () => {
  const [fork] = await sbx.fork()
  assert(!(fork instanceof Error), 'fork failed: ' + fork?.message)
  created.push(fork.sandboxId)
  assert(fork.sandboxId !== sbx.sandboxId, 'new id')
  assert((await fork.files.read('/tmp/kept.txt')) === 'kept', 'file in the fork')
  assert(await fork.kill(), 'fork killed')
})

check('metrics answer a list', async () => {
  assert(Array.isArray(await sbx.getMetrics()), 'metrics')
})

check('refusals come in E2B\'s error classes', async () => {
  await rejects(Sandbox.list({ apiKey: 'wrn_not-a-key' }).nextItems(), AuthenticationError, 'wrong API key')
  await rejects(Sandbox.getInfo('00000000-0000-4000-8000-000000000000'), SandboxNotFoundError, 'missing sandbox')
  await rejects(Sandbox.connect('00000000-0000-4000-8000-000000000000'), SandboxNotFoundError, 'connect missing')
  const bad = await rejects(Sandbox.create('base', { timeoutMs: 400 * 24 * 3600 * 1000 }), SandboxError, 'timeout')
  assert(bad.statusCode === 400, 'invalid timeout status ' + bad.statusCode + ' ' + bad.message)
  const missing = await rejects(Sandbox.create('no-such-template-' + RUN), SandboxError, 'template')
  assert(missing.statusCode === 404, 'missing template status ' + missing.statusCode)
  const unsupported = await rejects(sbx.updateNetwork({ denyOut: ['0.0.0.0/0'] }), SandboxError, 'network')
  assert(unsupported.statusCode === 501, 'not supported status ' + unsupported.statusCode)
  const denied = await envd(sbx, '/process.Process/List', {}, 'wenvd_forged.token.sig')
  assert(denied.status === 401 && (await denied.json()).code === 'unauthenticated', 'forged token ' + denied.status)
  const unknown = await envd(sbx, '/filesystem.Filesystem/Teleport', {})
  assert(unknown.status === 501 && (await unknown.json()).code === 'unimplemented', 'unknown method ' + unknown.status)
})

check('another user\'s sandbox is not found', async () => {
  const other = process.env.E2B_API_KEY_OTHER
  assert(other, 'E2B_API_KEY_OTHER is set')
  await rejects(Sandbox.getInfo(sbx.sandboxId, { apiKey: other }), SandboxNotFoundError, 'get as another user')
  assert((await Sandbox.kill(sbx.sandboxId, { apiKey: other })) === false, 'kill as another user')
  await rejects(Sandbox.connect(sbx.sandboxId, { apiKey: other }), SandboxNotFoundError, 'connect as another user')
  assert((await Sandbox.list({ apiKey: other, query: { metadata: { suite: RUN } } }).nextItems()).length === 0, 'list')
})

check('kill ends the sandbox', async () => {
  assert(await sbx.kill(), 'kill')
  assert((await Sandbox.kill(sbx.sandboxId)) === false, 'kill again answers false')
  assert((await sbx.isRunning()) === false, 'isRunning after kill')
  await rejects(sbx.getInfo(), SandboxNotFoundError, 'info after kill')
})

check('an expired sandbox answers E2B\'s not-found and timeout errors', async () => {
  const short = await track(Sandbox.create('base', { timeoutMs: 3_000 }))
  await until('the sandbox to expire', async () => {
    try {
      await short.getInfo()
      return false
    } catch (error) {
      if (error instanceof SandboxNotFoundError) return true
      throw error
    }
  }, 30)
  await rejects(short.files.read('/etc/hostname'), TimeoutError, 'files after expiry')
  const error = await rejects(short.commands.run('echo late'), SandboxError, 'command after expiry')
  assert(error instanceof NotFoundError || error instanceof TimeoutError, 'command error ' + error.name)
  await rejects(Sandbox.connect(short.sandboxId), SandboxNotFoundError, 'connect after expiry')
})

let failed = 0
for (const [name, fn] of checks) {
  if (only && !only.test(name)) continue
  const started = Date.now()
  try {
    await fn()
    console.log(`ok - ${name} (${Date.now() - started} ms)`)
  } catch (error) {
    failed++
    console.log(`not ok - ${name} (${Date.now() - started} ms)\n  ${error?.stack ?? error}`)
  }
}
for (const id of created) {
  await Sandbox.kill(id).catch(() => undefined)
}
console.log(`E2B SUITE: ${checks.length - failed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
