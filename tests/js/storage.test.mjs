// Supabase Storage at /storage/v1 through supabase-js: a private bucket the test makes, where
// each signed-in user may touch only the files under a folder named after their id.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, test } from 'node:test'

import { sql } from './support/sql.mjs'
import { supabaseAs, supabaseService } from './support/stack.mjs'
import { makeUser } from './support/users.mjs'

const bucket = `js-${randomUUID().slice(0, 8)}`
const service = supabaseService()
const CONTENT = 'The Star: yes.'
let owner, stranger, path

const COMMANDS = ['select', 'insert', 'update', 'delete']

before(async () => {
  const { error } = await service.storage.createBucket(bucket, { public: false })
  assert.equal(error, null)
  // the policies a project writes for "own folder" buckets; only the platform may add them
  const policies = COMMANDS.map(command => `create policy "${bucket} ${command}"
    on storage.objects for ${command} to authenticated
    ${command === 'insert' ? 'with check' : 'using'}
    (bucket_id = '${bucket}' and split_part(name, '/', 1) = auth.uid()::text)`)
  ;[owner, stranger] = await Promise.all([makeUser('client'), makeUser('client'),
    sql(policies.join(';\n'))])
  path = `${owner.id}/reading.txt`
})

after(async () => {
  await sql(COMMANDS.map(command =>
    `drop policy if exists "${bucket} ${command}" on storage.objects`).join(';\n'))
  await service.storage.emptyBucket(bucket)
  await service.storage.deleteBucket(bucket)
})

test("the owner uploads into their folder, downloads, lists and signs a URL", async () => {
  const files = supabaseAs(owner).storage.from(bucket)
  const uploaded = await files.upload(path, new Blob([CONTENT], { type: 'text/plain' }))
  assert.equal(uploaded.error, null)
  assert.equal(uploaded.data.path, path)

  const downloaded = await files.download(path)
  assert.equal(downloaded.error, null)
  assert.equal(await downloaded.data.text(), CONTENT)

  const listed = await files.list(owner.id)
  assert.equal(listed.error, null)
  assert.deepEqual(listed.data.map(f => f.name), ['reading.txt'])

  const signed = await files.createSignedUrl(path, 60)
  assert.equal(signed.error, null)
  const answer = await fetch(signed.data.signedUrl) // no key, no token: the URL is the grant
  assert.equal(answer.status, 200)
  assert.equal(await answer.text(), CONTENT)
})

// Storage answers HTTP 400 and puts the code that matters in the body's statusCode, as on Supabase
test('another user can neither read nor write in that folder, anon not at all', async () => {
  const theirs = supabaseAs(stranger).storage.from(bucket)
  const read = await theirs.download(path)
  assert.equal(read.data, null)
  assert.equal(read.error.statusCode, '404') // row-level security hides the object
  const write = await theirs.upload(`${owner.id}/planted.txt`, new Blob(['x']))
  assert.equal(write.data, null)
  assert.equal(write.error.statusCode, '403')
  const anonUpload = await supabaseAs().storage.from(bucket)
    .upload(`${owner.id}/anon.txt`, new Blob(['x']))
  assert.equal(anonUpload.data, null)
  assert.equal(anonUpload.error.statusCode, '403')
})

test('the owner removes the file, and it is gone', async () => {
  const files = supabaseAs(owner).storage.from(bucket)
  const removed = await files.remove([path])
  assert.equal(removed.error, null)
  assert.deepEqual(removed.data.map(f => f.name), [path])
  const gone = await files.download(path)
  assert.equal(gone.data, null)
  assert.equal(gone.error.statusCode, '404')
})
