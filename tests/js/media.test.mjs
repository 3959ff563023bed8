// Media as the app uploads and plays it with supabase-js: the reader uploads a recording
// through the media_upload function, the client gets it only once the order is delivered,
// through media_url's signed URL and through Storage itself.
import assert from 'node:assert/strict'
import { before, test } from 'node:test'

import { FunctionsHttpError } from '@supabase/supabase-js'

import { supabaseAs } from './support/stack.mjs'
import { makeClientWhoMayOrder, makeUser } from './support/users.mjs'

// Two seconds of a 440 Hz tone as 8 kHz mono 16-bit PCM in a WAV container.
function toneWav (seconds = 2, rate = 8000) {
  const samples = seconds * rate
  const wav = Buffer.alloc(44 + samples * 2)
  wav.write('RIFF', 0)
  wav.writeUInt32LE(36 + samples * 2, 4)
  wav.write('WAVEfmt ', 8)
  wav.writeUInt32LE(16, 16)
  wav.writeUInt16LE(1, 20) // PCM
  wav.writeUInt16LE(1, 22) // mono
  wav.writeUInt32LE(rate, 24)
  wav.writeUInt32LE(rate * 2, 28)
  wav.writeUInt16LE(2, 32)
  wav.writeUInt16LE(16, 34)
  wav.write('data', 36)
  wav.writeUInt32LE(samples * 2, 40)
  for (let i = 0; i < samples; i++) {
    wav.writeInt16LE(Math.round(8000 * Math.sin(2 * Math.PI * 440 * i / rate)), 44 + i * 2)
  }
  return wav
}

async function ok (call) {
  const { data, error } = await call
  assert.equal(error, null, error && `${error.code}: ${error.message}`)
  return data
}

// the HTTP status and code of a function call that must fail
async function refusedFunction (call) {
  const { data, error } = await call
  assert.equal(data, null)
  assert.ok(error instanceof FunctionsHttpError)
  return [error.context.status, (await error.context.json()).code]
}

let client, other, reader, monitor, admin

before(async () => {
  const users = await Promise.all([makeClientWhoMayOrder(), makeClientWhoMayOrder(),
    makeUser('reader'), makeUser('monitor'), makeUser('admin')])
  ;[client, other, reader, monitor, admin] = users.map(user => ({ user, api: supabaseAs(user) }))
})

test('the client hears the voiced answer of their own order once it is delivered', async () => {
  const order = await ok(client.api.rpc('create_order',
    { p_service_code: 'coffee', p_question: 'What does my cup say?' }))
  await ok(admin.api.rpc('assign_order', { p_order_id: order.id, p_reader_id: reader.user.id }))
  await ok(reader.api.rpc('start_order', { p_order_id: order.id }))

  const wav = toneWav()
  const media = await ok(reader.api.functions.invoke(
    `media_upload?purpose=order_result&order_id=${order.id}`,
    { body: new Blob([wav], { type: 'application/octet-stream' }) }))
  assert.equal(media.kind, 'audio')
  assert.equal(media.mime_type, 'audio/x-wav')
  assert.ok(media.duration_ms >= 1900 && media.duration_ms <= 2100, String(media.duration_ms))
  assert.equal(media.path, `${order.id}/${media.id}`)

  const urlFor = who => who.api.functions.invoke('media_url', { body: { media_id: media.id } })
  assert.deepEqual(await refusedFunction(urlFor(client)), [404, 'MEDNF'])
  const early = await client.api.storage.from('order-results').download(media.path)
  assert.equal(early.data, null)

  await ok(reader.api.rpc('submit_order_result',
    { p_order_id: order.id, p_output_media_id: media.id }))
  assert.equal((await ok(monitor.api.rpc('approve_order', { p_order_id: order.id }))).status,
    'delivered')

  const { signed_url: signedUrl, expires_in: expiresIn } = await ok(urlFor(client))
  assert.equal(expiresIn, 900)
  const played = await fetch(signedUrl)
  assert.equal(played.status, 200)
  assert.deepEqual(Buffer.from(await played.arrayBuffer()), wav)
  const stored = await ok(client.api.storage.from('order-results').download(media.path))
  assert.deepEqual(Buffer.from(await stored.arrayBuffer()), wav)

  assert.deepEqual(await refusedFunction(urlFor(other)), [404, 'MEDNF'])
  assert.deepEqual(await refusedFunction(supabaseAs().functions.invoke('media_url',
    { body: { media_id: media.id } })), [401, 'AUTRQ'])
})

test('a file that is not what it claims is refused and nothing is stored', async () => {
  const order = await ok(client.api.rpc('create_order',
    { p_service_code: 'coffee', p_question: 'And this one?' }))
  const notAPhoto = new Blob(['just text, named cup.jpg'], { type: 'image/jpeg' })
  assert.deepEqual(await refusedFunction(client.api.functions.invoke(
    `media_upload?purpose=order_input&order_id=${order.id}`, { body: notAPhoto })),
  [400, 'MEDTY'])
  const listed = await ok(client.api.storage.from('order-inputs').list(order.id))
  assert.deepEqual(listed, [])
})
