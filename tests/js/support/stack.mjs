// Where the stack under test is and how a frontend reaches it. `samia check --only js` serves
// the dev gateway over a database of its own and passes these in the environment.
import { createClient } from '@supabase/supabase-js'

function setting (name) {
  const value = process.env[name]
  if (!value) {
    throw new Error(`${name} is not set: run these tests with \`samia check --only js\``)
  }
  return value
}

export const apiUrl = setting('SAMIA_TEST_API_URL')
export const anonKey = setting('SAMIA_TEST_ANON_KEY')
export const serviceKey = setting('SAMIA_TEST_SERVICE_KEY')
export const dbDsn = setting('SAMIA_TEST_DB_DSN')
export const python = setting('SAMIA_TEST_PYTHON')

// The origin a browser app would send; Node's fetch sends none by itself.
export const appOrigin = 'http://localhost:5173'

const SERVER_SIDE = { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false }

// The client a browser app creates, signed in as `user` ({ token }) or anon without one. The
// token travels as the app's own Authorization header, which supabase-js keeps on every call.
// `fetch` replaces the global one, e.g. to watch the requests.
export function supabaseAs (user, { fetch } = {}) {
  const headers = { Origin: appOrigin }
  if (user) headers.Authorization = `Bearer ${user.token}`
  return createClient(apiUrl, anonKey, {
    auth: SERVER_SIDE,
    global: { headers, ...(fetch && { fetch }) }
  })
}

// The platform's client with the service key: what a server or an admin tool holds, never a
// browser (it passes row-level security).
export function supabaseService () {
  return createClient(apiUrl, serviceKey, { auth: SERVER_SIDE })
}
