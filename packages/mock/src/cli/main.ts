#!/usr/bin/env node
import { runMockCli } from './run.js';

await runMockCli();
