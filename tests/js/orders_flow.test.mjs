// An order's whole path across five signed-in users, each with their own supabase-js client,
// as the client, admin, reader and monitor screens call the RPCs.
import assert from 'node:assert/strict'
import { before, test } from 'node:test'

import { supabaseAs } from './support/stack.mjs'
import { makeClientWhoMayOrder, makeUser } from './support/users.mjs'

const INTERNAL_FIELDS = ['reader_note', 'monitor_comment', 'rejection_reason', 'reader_id',
  'assigned_by', 'approved_by', 'rejected_by']

// the data of a call that must succeed
async function ok (call) {
  const { data, error } = await call
  assert.equal(error, null, error && `${error.code}: ${error.message}`)
  return data
}

// the error code of a call that must fail
async function refused (call) {
  const { data, error } = await call
  assert.equal(data, null)
  return error.code
}

function assertNoInternalFields (order) {
  assert.deepEqual(INTERNAL_FIELDS.filter(field => field in order), [])
}

let alice, bob, reader, monitor, admin

before(async () => {
  const users = await Promise.all([makeClientWhoMayOrder(), makeClientWhoMayOrder(),
    makeUser('reader'), makeUser('monitor'), makeUser('admin')])
  ;[alice, bob, reader, monitor, admin] = users.map(user => ({ user, api: supabaseAs(user) }))
})

test('created, assigned, started, submitted, approved and delivered', async () => {
  const order = await ok(alice.api.rpc('create_order',
    { p_service_code: 'tarot', p_question: 'Will I travel?', p_is_gold: true }))
  assert.equal(order.status, 'new')
  assert.equal(order.is_gold, true)
  assertNoInternalFields(order)
  const orderId = order.id

  assert.equal(await refused(bob.api.rpc('get_order', { p_order_id: orderId })), 'ORDNF')
  assert.equal(await refused(reader.api.rpc('start_order', { p_order_id: orderId })), 'ORDNF')
  assert.equal(await refused(monitor.api.rpc('assign_order',
    { p_order_id: orderId, p_reader_id: reader.user.id })), '42501')

  const assigned = await ok(admin.api.rpc('assign_order',
    { p_order_id: orderId, p_reader_id: reader.user.id }))
  assert.equal(assigned.status, 'assigned')
  assert.equal(assigned.reader_id, reader.user.id)
  const { orders } = await ok(reader.api.rpc('list_orders', {}, { get: true }))
  assert.deepEqual(orders.map(o => o.id), [orderId])

  assert.equal((await ok(reader.api.rpc('start_order', { p_order_id: orderId }))).status,
    'in_progress')
  const submitted = await ok(reader.api.rpc('submit_order_result', {
    p_order_id: orderId, p_output_text: 'The Star: yes.', p_reader_note: 'seemed anxious'
  }))
  assert.equal(submitted.status, 'awaiting_approval')

  const waiting = await ok(alice.api.rpc('get_order', { p_order_id: orderId }))
  assert.equal(waiting.status, 'awaiting_approval')
  assert.equal(waiting.output_text, null)
  assertNoInternalFields(waiting)

  const delivered = await ok(monitor.api.rpc('approve_order',
    { p_order_id: orderId, p_comment: 'fine' }))
  assert.equal(delivered.status, 'delivered')

  const mine = await ok(alice.api.rpc('get_order', { p_order_id: orderId }))
  assert.equal(mine.status, 'delivered')
  assert.equal(mine.output_text, 'The Star: yes.')
  assert.notEqual(mine.delivered_at, null)
  assertNoInternalFields(mine)
  assert.deepEqual((await ok(bob.api.rpc('list_orders'))).orders, [])
  const seenByAdmin = await ok(admin.api.rpc('get_order', { p_order_id: orderId }))
  assert.equal(seenByAdmin.reader_note, 'seemed anxious')
})

test('a second monitor approving the same order learns it moved on (ORDTR)', async () => {
  const orderId = (await ok(bob.api.rpc('create_order',
    { p_service_code: 'coffee', p_question: 'What does my cup say?' }))).id
  await ok(admin.api.rpc('assign_order', { p_order_id: orderId, p_reader_id: reader.user.id }))
  await ok(reader.api.rpc('start_order', { p_order_id: orderId }))
  await ok(reader.api.rpc('submit_order_result',
    { p_order_id: orderId, p_output_text: 'A bird near the rim.' }))
  await ok(monitor.api.rpc('approve_order', { p_order_id: orderId }))
  assert.equal(await refused(admin.api.rpc('approve_order', { p_order_id: orderId })), 'ORDTR')
})
