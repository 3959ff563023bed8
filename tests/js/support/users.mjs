// Users as Supabase Auth makes them, through the project's CLI (`samia users create`, `samia
// token`), each with a fresh email so that tests never collide.
import { execFile } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { promisify } from 'node:util'

import { dbDsn, python } from './stack.mjs'
import { sql } from './sql.mjs'

const run = promisify(execFile)

async function samia (...args) {
  const { stdout } = await run(python, ['-m', 'samia_cli.cli', ...args],
    { env: { ...process.env, DB_DSN: dbDsn } })
  return stdout.trim()
}

function userFrom (email, role, token) {
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString())
  return { id: claims.sub, email, role, token }
}

function freshName (role) {
  return `${role}-${randomUUID().slice(0, 12)}`
}

export async function makeUser (role = 'client') {
  const email = `${freshName(role)}@test.local`
  return userFrom(email, role, await samia('users', 'create', '--email', email, '--role', role))
}

// A client who may order (complete profile, verified phone, of age), as the test database's
// scenario helper makes one; the platform, not the client, verifies the phone.
export async function makeClientWhoMayOrder () {
  const name = freshName('client')
  // a random number of its own: the helper's default (the first free one) races between files
  const phone = `+9715${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
  await sql('select tests.create_client_who_may_order(%s, p_phone => %s)', [name, phone])
  const email = `${name}@test.local`
  return userFrom(email, 'client', await samia('token', email))
}
