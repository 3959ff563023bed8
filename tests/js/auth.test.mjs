// Supabase Auth at /auth/v1 as a browser app uses it through supabase-js: sign up, sign in,
// the session's token on RPCs and functions, refresh, the user, sign out.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { before, describe, test } from 'node:test'

import { supabaseAs } from './support/stack.mjs'

const PASSWORD = 'a long enough password'

function freshEmail () {
  return `signup-${randomUUID().slice(0, 12)}@test.local`
}

describe('a new client signs up and uses the app', () => {
  const email = freshEmail()
  const app = supabaseAs() // anon until signed in; then supabase-js sends the session's token
  let signedUp

  before(async () => {
    const { data, error } = await app.auth.signUp({ email, password: PASSWORD })
    assert.equal(error, null)
    signedUp = data
  })

  test('sign-up answers with the user and, with confirmations off, a session', () => {
    assert.equal(signedUp.user.email, email)
    assert.equal(signedUp.session.user.id, signedUp.user.id)
    assert.equal(signedUp.session.token_type, 'bearer')
  })

  test('the session makes RPCs run as the new user, whose profile is a client', async () => {
    const { data, error } = await app.rpc('get_my_profile').single()
    assert.equal(error, null)
    assert.equal(data.id, signedUp.user.id)
    assert.equal(data.role, 'client')
  })

  test('and the functions too', async () => {
    const { data, error } = await app.functions.invoke('whoami', { method: 'GET' })
    assert.equal(error, null)
    assert.deepEqual(data, { user_id: signedUp.user.id, db_role: 'authenticated',
      app_role: 'client' })
  })

  test('getUser asks the server for the user behind the session', async () => {
    const { data, error } = await app.auth.getUser()
    assert.equal(error, null)
    assert.equal(data.user.id, signedUp.user.id)
    assert.equal(data.user.email, email)
  })

  test('updateUser keeps what the user says about themself in user_metadata', async () => {
    const { data, error } = await app.auth.updateUser({ data: { nickname: 'Layla' } })
    assert.equal(error, null)
    assert.equal(data.user.user_metadata.nickname, 'Layla')
    const again = await app.auth.getUser()
    assert.equal(again.data.user.user_metadata.nickname, 'Layla')
  })

  test('the same email cannot sign up twice', async () => {
    const { data, error } = await supabaseAs().auth.signUp({ email, password: PASSWORD })
    assert.equal(data.user, null)
    assert.equal(error.code, 'user_already_exists')
  })

  test('refreshSession trades the refresh token for a new session', async () => {
    const before = (await app.auth.getSession()).data.session
    const { data, error } = await app.auth.refreshSession()
    assert.equal(error, null)
    assert.equal(data.session.user.id, signedUp.user.id)
    assert.notEqual(data.session.refresh_token, before.refresh_token)
    const { error: rpcError } = await app.rpc('get_my_profile').single()
    assert.equal(rpcError, null)
  })
})

describe('signing in and out', () => {
  const email = freshEmail()

  before(async () => {
    const { error } = await supabaseAs().auth.signUp({ email, password: PASSWORD })
    assert.equal(error, null)
  })

  test('a wrong password is invalid_credentials with HTTP 400', async () => {
    const { data, error } = await supabaseAs().auth.signInWithPassword(
      { email, password: 'not the password' })
    assert.equal(data.session, null)
    assert.equal(error.status, 400)
    assert.equal(error.code, 'invalid_credentials')
  })

  test('sign in, then sign out: the old refresh token no longer works', async () => {
    const app = supabaseAs()
    const { data, error } = await app.auth.signInWithPassword({ email, password: PASSWORD })
    assert.equal(error, null)
    assert.equal(data.user.email, email)
    const refreshToken = data.session.refresh_token

    assert.equal((await app.auth.signOut()).error, null)
    assert.equal((await app.auth.getSession()).data.session, null)
    const { data: profile, error: anonError } = await app.rpc('get_my_profile')
    assert.equal(profile, null)
    assert.equal(anonError.code, '42501')

    const reuse = await supabaseAs().auth.refreshSession({ refresh_token: refreshToken })
    assert.equal(reuse.data.session, null)
    assert.equal(reuse.error.status, 400)
    assert.equal(reuse.error.code, 'refresh_token_not_found')
  })
})
