// RPCs as a browser app calls them with supabase-js: arguments, the query builder's filters
// and transforms on a function's rows, errors, and who the caller is.
import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'

import { supabaseAs } from './support/stack.mjs'
import { makeUser } from './support/users.mjs'

const anon = supabaseAs()
const ACTIVE_SERVICES = ['tarot', 'coffee', 'astro', 'healing', 'direct_call']

describe('list_services through the query builder', () => {
  test('all active services, in their order, in the language asked for', async () => {
    const { data, error, status } = await anon.rpc('list_services', { p_language: 'ar' })
    assert.equal(error, null)
    assert.equal(status, 200)
    assert.deepEqual(data.map(s => s.code), ACTIVE_SERVICES)
    const tarot = data[0]
    assert.equal(tarot.name, tarot.name_ar)
    assert.equal(tarot.currency, 'USD')
    assert.equal(typeof tarot.price_minor, 'number')
  })

  test('select, eq, order and limit shape the rows on the server', async () => {
    const { data, error } = await anon.rpc('list_services')
      .select('code,price_minor')
      .eq('currency', 'USD')
      .order('price_minor', { ascending: false })
      .limit(2)
    assert.equal(error, null)
    assert.deepEqual(data, [{ code: 'direct_call', price_minor: 6000 },
      { code: 'healing', price_minor: 4000 }])
  })

  test('range pages through the rows and count=exact gives the total', async () => {
    const { data, error, count } = await anon.rpc('list_services', {}, { count: 'exact' })
      .select('code')
      .range(1, 2)
    assert.equal(error, null)
    assert.deepEqual(data, [{ code: 'coffee' }, { code: 'astro' }])
    assert.equal(count, ACTIVE_SERVICES.length)
  })

  test('single() gives one object, and an error when the filter leaves none', async () => {
    const one = await anon.rpc('list_services').select('code,name').eq('code', 'astro').single()
    assert.equal(one.error, null)
    assert.deepEqual(one.data, { code: 'astro', name: 'Astrology reading' })

    const none = await anon.rpc('list_services').eq('code', 'no-such-service').single()
    assert.equal(none.data, null)
    assert.equal(none.status, 406)
    assert.equal(none.error.code, 'PGRST116')
  })

  test('a read-only RPC can be called with GET, its arguments in the query string', async () => {
    const { data, error } = await anon.rpc('list_services', { p_language: 'en' }, { get: true })
      .select('code').eq('code', 'tarot')
    assert.equal(error, null)
    assert.deepEqual(data, [{ code: 'tarot' }])
  })
})

describe('errors', () => {
  test('an unknown function is PGRST202 with HTTP 404', async () => {
    const { data, error, status } = await anon.rpc('no_such_function')
    assert.equal(data, null)
    assert.equal(status, 404)
    assert.equal(error.code, 'PGRST202')
  })

  test("a business rule's code, with its details as JSON text", async () => {
    const { error, status } = await anon.rpc('list_services', { p_language: 'fr' })
    assert.equal(status, 400)
    assert.equal(error.code, 'BADLG')
    assert.deepEqual(JSON.parse(error.details), { value: 'fr', allowed: ['ar', 'en'] })
    assert.equal(typeof error.hint, 'string')
  })

  test('a client who may not order yet learns what is missing', async () => {
    const newcomer = supabaseAs(await makeUser('client'))
    const { data, error } = await newcomer.rpc('create_order',
      { p_service_code: 'tarot', p_question: 'Will I travel?' })
    assert.equal(data, null)
    assert.equal(error.code, 'ORDPF')
    const { missing_fields: missing } = JSON.parse(error.details)
    assert.ok(missing.includes('first_name') && missing.includes('phone_verified'), missing)
  })
})

describe('anon and signed in', () => {
  let reader

  before(async () => {
    reader = await makeUser('reader')
  })

  test('anon is refused a signed-in RPC with 42501 and HTTP 401', async () => {
    const { data, error, status } = await anon.rpc('get_my_profile')
    assert.equal(data, null)
    assert.equal(status, 401)
    assert.equal(error.code, '42501')
  })

  test("a user's token in the app's Authorization header makes them the caller", async () => {
    const { data, error } = await supabaseAs(reader).rpc('get_my_profile').single()
    assert.equal(error, null)
    assert.equal(data.id, reader.id)
    assert.equal(data.email, reader.email)
    assert.equal(data.role, 'reader')
  })

  test('a token signed with another secret is refused with PGRST301 and HTTP 401', async () => {
    const [header, payload] = reader.token.split('.')
    const forged = supabaseAs({ token: `${header}.${payload}.c2lnbmF0dXJl` })
    const { error, status } = await forged.rpc('get_my_profile')
    assert.equal(status, 401)
    assert.equal(error.code, 'PGRST301')
  })
})
