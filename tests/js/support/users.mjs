// Users as the platform makes them: the Auth admin API (with the service key) creates a
// confirmed user with the role in app_metadata, then the user signs in with supabase-js like
// any browser app, so tests hold real sessions. Fresh emails keep tests from colliding.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'

import { sql } from './sql.mjs'
import { supabaseAs, supabaseService } from './stack.mjs'

const admin = supabaseService().auth.admin

function freshName (role) {
  return `${role}-${randomUUID().slice(0, 12)}`
}

async function signIn (email, password, role) {
  const { data, error } = await supabaseAs().auth.signInWithPassword({ email, password })
  assert.equal(error, null)
  return { id: data.user.id, email, role, token: data.session.access_token }
}

export async function makeUser (role = 'client') {
  const email = `${freshName(role)}@test.local`
  const password = randomUUID()
  const { error } = await admin.createUser(
    { email, password, email_confirm: true, app_metadata: { role } })
  assert.equal(error, null)
  return signIn(email, password, role)
}

// A client who may order (complete profile, verified phone, of age), made by the test
// database's scenario helper (the platform, not the client, verifies a phone); the admin API
// then gives them a password to sign in with.
export async function makeClientWhoMayOrder () {
  const name = freshName('client')
  // a random number of its own: the helper's default (the first free one) races between files
  const phone = `+9715${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
  const [{ id }] = await sql(
    'select tests.create_client_who_may_order(%s, p_phone => %s) as id', [name, phone])
  const password = randomUUID()
  const { error } = await admin.updateUserById(id, { password })
  assert.equal(error, null)
  return signIn(`${name}@test.local`, password, 'client')
}
