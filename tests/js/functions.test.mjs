// The Python functions at /functions/v1/<name>, through supabase-js's functions client.
import assert from 'node:assert/strict'
import { test } from 'node:test'

import { FunctionsHttpError } from '@supabase/supabase-js'

import { supabaseAs } from './support/stack.mjs'
import { makeUser } from './support/users.mjs'

test("whoami answers a signed-in user with their id and the database's view of them",
  async () => {
    const monitor = await makeUser('monitor')
    const { data, error } = await supabaseAs(monitor).functions.invoke('whoami',
      { method: 'GET' })
    assert.equal(error, null)
    assert.deepEqual(data, { user_id: monitor.id, db_role: 'authenticated', app_role: 'monitor' })
  })

test('whoami refuses anon with HTTP 401 and a JSON error', async () => {
  const { data, error } = await supabaseAs().functions.invoke('whoami', { method: 'GET' })
  assert.equal(data, null)
  assert.ok(error instanceof FunctionsHttpError)
  assert.equal(error.context.status, 401)
  const body = await error.context.json()
  assert.equal(typeof body.code, 'string')
})

test('an unknown function is HTTP 404', async () => {
  const { error } = await supabaseAs().functions.invoke('no_such_function')
  assert.ok(error instanceof FunctionsHttpError)
  assert.equal(error.context.status, 404)
  assert.equal((await error.context.json()).code, 'NOT_FOUND')
})
