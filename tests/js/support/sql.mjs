// SQL as the platform (superuser) for what no API lets a frontend do: scenario helpers of the
// test database's `tests` schema, storage policies. psycopg does the work, through the
// project's Python (support/run_sql.py); parameters are %s placeholders.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

import { dbDsn, python } from './stack.mjs'

const run = promisify(execFile)
const script = fileURLToPath(new URL('./run_sql.py', import.meta.url))

export async function sql (statement, params = []) {
  const child = run(python, [script, dbDsn])
  child.child.stdin.end(JSON.stringify({ sql: statement, params }))
  const { stdout } = await child
  return JSON.parse(stdout)
}
