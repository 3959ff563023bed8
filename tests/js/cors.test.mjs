// CORS as a browser sees it. Node's fetch enforces none, so these tests ask the questions a
// browser asks and check the gateway's answers.
import assert from 'node:assert/strict'
import { test } from 'node:test'

import { anonKey, apiUrl, appOrigin, supabaseAs } from './support/stack.mjs'

// what supabase-js sends on an RPC call, so what a browser asks before sending it
const REQUESTED_HEADERS = ['apikey', 'authorization', 'content-type', 'x-client-info']

for (const path of ['/rest/v1/rpc/list_services', '/functions/v1/whoami']) {
  test(`the preflight of ${path} allows the app's origin, method and headers`, async () => {
    const answer = await fetch(`${apiUrl}${path}`, {
      method: 'OPTIONS',
      headers: {
        Origin: appOrigin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': REQUESTED_HEADERS.join(',')
      }
    })
    assert.equal(answer.status, 200)
    assert.equal(answer.headers.get('access-control-allow-origin'), appOrigin)
    assert.match(answer.headers.get('access-control-allow-methods'), /\bPOST\b/)
    const allowed = answer.headers.get('access-control-allow-headers').toLowerCase()
    for (const header of REQUESTED_HEADERS) assert.ok(allowed.includes(header), header)
  })
}

test('an RPC answer lets the app read it and the headers supabase-js needs', async () => {
  const answer = await fetch(`${apiUrl}/rest/v1/rpc/list_services?select=code`, {
    method: 'POST',
    headers: { Origin: appOrigin, apikey: anonKey, 'Content-Type': 'application/json',
      Prefer: 'count=exact' },
    body: '{}'
  })
  assert.equal(answer.status, 200)
  assert.equal(answer.headers.get('access-control-allow-origin'), appOrigin)
  assert.match(answer.headers.get('access-control-expose-headers'), /\bContent-Range\b/)
})

test('error answers carry the CORS headers too, so the app can read the error', async () => {
  const answer = await fetch(`${apiUrl}/rest/v1/rpc/no_such_function`, {
    method: 'POST',
    headers: { Origin: appOrigin, apikey: anonKey, 'Content-Type': 'application/json' },
    body: '{}'
  })
  assert.equal(answer.status, 404)
  assert.equal(answer.headers.get('access-control-allow-origin'), appOrigin)
  assert.equal((await answer.json()).code, 'PGRST202')
})

test("supabase-js's calls carry the app's Origin, and the answers allow it", async () => {
  const seen = []
  const watching = supabaseAs(undefined, {
    fetch: async (input, init) => {
      const answer = await fetch(input, init)
      seen.push([new Headers(init.headers).get('origin'),
        answer.headers.get('access-control-allow-origin')])
      return answer
    }
  })
  const { error } = await watching.rpc('list_zodiac_signs').limit(1)
  assert.equal(error, null)
  assert.deepEqual(seen, [[appOrigin, appOrigin]])
})
