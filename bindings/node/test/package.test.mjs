// The package as users install it: the ES module and CommonJS entry points
// (resolved through package.json "exports") give the same binding, and
// `npm pack` ships the loader, the types, the addon and the licenses.
import test from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import * as esm from 'frontdesk'

const require = createRequire(import.meta.url)
const cjs = require('frontdesk')

test('the ES module and CommonJS entry points export the same binding', () => {
  const names = Object.keys(cjs).filter((name) => !name.startsWith('__')).sort()
  assert.ok(names.includes('Workspace') && names.includes('open'), `exports: ${names}`)
  for (const name of names) assert.equal(esm[name], cjs[name], name)
  assert.equal(esm.default, cjs)
})

test('npm pack ships the loader, both entry points, the types, the addon and the licenses', () => {
  const dir = fileURLToPath(new URL('..', import.meta.url))
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--loglevel=error'], { cwd: dir }))
  const files = pack.files.map((f) => f.path)
  for (const wanted of ['package.json', 'index.js', 'binding.js', 'index.mjs', 'index.d.ts', 'LICENSE-MIT', 'LICENSE-APACHE']) {
    assert.ok(files.includes(wanted), `${wanted} missing from ${files}`)
  }
  assert.ok(files.some((f) => f.endsWith('.node')), `no addon in ${files}`)
  assert.ok(!files.some((f) => f.startsWith('src/') || f.startsWith('test/')), `sources shipped: ${files}`)
})

test('each napi target has its per-platform package, and the loader looks for it', async () => {
  const { readFileSync } = await import('node:fs')
  const root = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  const loader = readFileSync(new URL('../binding.js', import.meta.url), 'utf8')
  assert.ok(root.napi.targets.includes('x86_64-unknown-linux-gnu') && root.napi.targets.includes('aarch64-unknown-linux-gnu'))
  for (const [platform, cpu] of [['linux-x64-gnu', 'x64'], ['linux-arm64-gnu', 'arm64']]) {
    const pkg = JSON.parse(readFileSync(new URL(`../npm/${platform}/package.json`, import.meta.url), 'utf8'))
    assert.equal(pkg.name, `frontdesk-${platform}`)
    assert.equal(pkg.version, root.version)
    assert.deepEqual([pkg.os, pkg.cpu, pkg.main], [['linux'], [cpu], `frontdesk.${platform}.node`])
    assert.ok(loader.includes(`require('frontdesk-${platform}')`), platform)
  }
})
