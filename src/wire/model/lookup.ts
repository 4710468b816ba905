/**
 * Looking things up in a loaded model: an operation's input and output structures, a shape by name,
 * a structure's members in the model's order with whether each is required.
 */
import type { ModelName } from './catalog.js';
import type { MemberRef, OperationModel, ServiceModel, Shape } from './shapes.js';

export interface Member {
  name: string;
  ref: MemberRef;
  shape: Shape;
  required: boolean;
}

const EMPTY: Shape = { type: 'structure', members: {} };

export class ServiceView {
  private readonly membersOf = new Map<string, Member[]>();

  constructor(
    readonly name: ModelName,
    readonly model: ServiceModel,
  ) {}

  get protocol(): string {
    return this.model.metadata.protocol;
  }

  operationNames(): string[] {
    return Object.keys(this.model.operations);
  }

  operation(name: string): OperationModel | undefined {
    return Object.hasOwn(this.model.operations, name) ? this.model.operations[name] : undefined;
  }

  shape(name: string): Shape {
    const s = this.model.shapes[name];
    if (!s) throw new Error(`model \`${this.name}\` has no shape \`${name}\``);
    return s;
  }

  /** The operation's input structure name, or undefined when it takes none. */
  inputShapeName(operation: string): string | undefined {
    return this.operation(operation)?.input?.shape;
  }

  outputShapeName(operation: string): string | undefined {
    return this.operation(operation)?.output?.shape;
  }

  /** The input structure (an empty one when the operation takes none). */
  input(operation: string): Shape {
    const name = this.inputShapeName(operation);
    return name ? this.shape(name) : EMPTY;
  }

  /** A structure's members, in the model's order, resolved once. */
  members(shapeName: string): Member[] {
    let list = this.membersOf.get(shapeName);
    if (!list) {
      const s = this.shape(shapeName);
      const required = new Set(s.required ?? []);
      list = Object.entries(s.members ?? {}).map(([name, ref]) => ({
        name,
        ref,
        shape: this.shape(ref.shape),
        required: required.has(name),
      }));
      this.membersOf.set(shapeName, list);
    }
    return list;
  }
}
