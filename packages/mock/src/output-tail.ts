/** Keeps the last `limit` characters of a process's output, for error messages, without growing forever. */
export class OutputTail {
  #text = '';

  constructor(private readonly limit = 16_384) {}

  push(chunk: string): void {
    this.#text += chunk;
    if (this.#text.length > this.limit * 2) this.#text = this.#text.slice(-this.limit);
  }

  toString(): string {
    return this.#text.length > this.limit ? `…${this.#text.slice(-this.limit)}` : this.#text;
  }
}
