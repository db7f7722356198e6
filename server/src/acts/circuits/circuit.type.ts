import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { UuidScalar } from '../../graphql/scalars.js';
import { AgendaItemKindEnum } from '../../body/agenda/agenda.type.js';
import type { AgendaItemKind } from '../../body/agenda/agenda-item.entity.js';
import { Access } from '../../graphql/access.js';
import { graphqlEnum } from '../../graphql/enums.js';
import type { MembershipRole } from '../../platform/people/membership.entity.js';
import { MembershipRoleEnum } from '../../platform/people/person.type.js';
import {
  projetActions,
  projetStatuses,
  type Circuit,
  type CircuitStep,
  type Projet,
  type ProjetAction,
  type ProjetActionKind,
  type ProjetDocument,
  type ProjetStatus,
} from './circuit.entity.js';
import type { CircuitDecision } from './circuit.service.js';

export const ProjetStatusEnum = graphqlEnum(
  projetStatuses,
  'ProjetStatus',
  'Brouillon, en cours de validation, renvoyé à l’auteur, visé par tout son circuit.',
);
export const ProjetActionKindEnum = graphqlEnum(
  projetActions,
  'ProjetActionKind',
  'Soumis au circuit, visé, renvoyé, étape passée par un suppléant, inscrit à l’ordre du jour.',
);
export const CircuitDecisionEnum = graphqlEnum(
  ['APPROVE', 'SEND_BACK', 'SKIP'] as const,
  'CircuitDecision',
  'Viser, renvoyer à l’auteur (commentaire obligatoire), passer l’étape (suppléant désigné).',
);

@ObjectType('CircuitStep', { description: 'One step of a circuit: a named validator or a role, and an optional delegate who may skip it.' })
@Access('authenticated')
export class CircuitStepType {
  @Field() label!: string;
  @Field(() => ID, { nullable: true }) validatorPersonId!: string | null;
  @Field(() => String, { nullable: true }) validatorName!: string | null;
  @Field(() => MembershipRoleEnum, { nullable: true }) validatorRole!: MembershipRole | null;
  @Field(() => ID, { nullable: true }) delegatePersonId!: string | null;
  @Field(() => String, { nullable: true }) delegateName!: string | null;

  static from(step: CircuitStep, names: ReadonlyMap<string, string>): CircuitStepType {
    return Object.assign(new CircuitStepType(), {
      ...step,
      validatorName: step.validatorPersonId ? (names.get(step.validatorPersonId) ?? null) : null,
      delegateName: step.delegatePersonId ? (names.get(step.delegatePersonId) ?? null) : null,
    });
  }
}

@ObjectType('Circuit', { description: 'A validation circuit of the body.' })
@Access('authenticated')
export class CircuitType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => [CircuitStepType]) steps!: CircuitStepType[];

  static from(circuit: Circuit, names: ReadonlyMap<string, string>): CircuitType {
    return Object.assign(new CircuitType(), {
      id: circuit.id,
      name: circuit.name,
      steps: circuit.steps.map((step) => CircuitStepType.from(step, names)),
    });
  }
}

@ObjectType('CircuitSettings')
@Access('authenticated')
export class CircuitSettingsType {
  @Field(() => [AgendaItemKindEnum], {
    description: 'Item kinds that must come from a projet whose circuit has ended before the meeting is convened.',
  })
  itemKinds!: AgendaItemKind[];
}

@InputType('CircuitStepInput')
export class CircuitStepInput {
  @Field() @MaxLength(200) label!: string;
  @Field(() => UuidScalar, { nullable: true }) validatorPersonId?: string | null;
  @Field(() => MembershipRoleEnum, { nullable: true }) @IsOptional() validatorRole?: MembershipRole | null;
  @Field(() => UuidScalar, { nullable: true }) delegatePersonId?: string | null;
}

@InputType('CircuitInput')
export class CircuitInput {
  @Field() @MaxLength(200) name!: string;
  @Field(() => [CircuitStepInput]) @ArrayMaxSize(10) steps!: CircuitStepInput[];
}

@ObjectType('ProjetDocument', { description: 'A PDF attached to a projet.' })
@Access('authenticated')
export class ProjetDocumentType {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field() fileName!: string;
  @Field(() => Int) sizeBytes!: number;
  @Field() sha256!: string;
  /** Not exposed: where the file is stored. */
  storageKey!: string;

  static from(document: ProjetDocument): ProjetDocumentType {
    return Object.assign(new ProjetDocumentType(), {
      id: document.id,
      title: document.title,
      fileName: document.fileName,
      sizeBytes: document.sizeBytes,
      sha256: document.sha256,
      storageKey: document.storageKey,
    });
  }
}

@ObjectType('ProjetAction', { description: 'One entry of a projet’s history.' })
@Access('authenticated')
export class ProjetActionType {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => ProjetActionKindEnum) action!: ProjetActionKind;
  @Field(() => Int, { nullable: true, description: '0-based step of the circuit.' }) step!: number | null;
  @Field(() => String, { nullable: true }) stepLabel!: string | null;
  @Field(() => ID) actorId!: string;
  @Field() actorName!: string;
  @Field({ description: 'The step was skipped by its delegate.' }) asDelegate!: boolean;
  @Field(() => String, { nullable: true }) comment!: string | null;
  @Field() actedAt!: Date;

  static from(action: ProjetAction): ProjetActionType {
    const { id, version, action: kind, step, stepLabel, actorId, actorName, asDelegate, comment, actedAt } = action;
    return Object.assign(new ProjetActionType(), {
      id,
      version,
      action: kind,
      step: step ?? null,
      stepLabel: stepLabel ?? null,
      actorId,
      actorName,
      asDelegate,
      comment: comment ?? null,
      actedAt,
    });
  }
}

@ObjectType('Projet', { description: 'A projet de délibération and its rapport, on its way through a validation circuit to an agenda.' })
@Access('authenticated')
export class ProjetType {
  @Field(() => ID) id!: string;
  @Field(() => ID) bodyId!: string;
  @Field() title!: string;
  @Field(() => AgendaItemKindEnum) kind!: AgendaItemKind;
  @Field(() => String, { nullable: true }) rapporteur!: string | null;
  @Field() rapport!: string;
  @Field() projetText!: string;
  @Field(() => ID) authorId!: string;
  @Field(() => ID, { nullable: true }) circuitId!: string | null;
  @Field(() => ProjetStatusEnum) status!: ProjetStatus;
  @Field(() => Int, { nullable: true, description: '0-based step waiting for a decision (IN_VALIDATION only).' }) currentStep!:
    number | null;
  @Field(() => Int) version!: number;
  @Field(() => ID, { nullable: true }) agendaItemId!: string | null;
  @Field() updatedAt!: Date;
  /** The steps as submitted (resolved with names by a field resolver). */
  stepsSnapshot!: CircuitStep[] | null;

  static from(projet: Projet, bodyId: string): ProjetType {
    return Object.assign(new ProjetType(), {
      id: projet.id,
      bodyId,
      title: projet.title,
      kind: projet.kind,
      rapporteur: projet.rapporteur ?? null,
      rapport: projet.rapport,
      projetText: projet.projetText,
      authorId: projet.authorId,
      circuitId: projet.circuitId ?? null,
      status: projet.status,
      currentStep: projet.currentStep ?? null,
      version: projet.version,
      agendaItemId: projet.agendaItemId ?? null,
      updatedAt: projet.updatedAt,
      stepsSnapshot: projet.steps ?? null,
    });
  }
}

@InputType('ProjetInput')
export class ProjetInput {
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(500) title?: string | null;
  @Field(() => AgendaItemKindEnum, { nullable: true }) @IsOptional() kind?: AgendaItemKind | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) rapporteur?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(50_000) rapport?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(50_000) projetText?: string | null;
  @Field(() => UuidScalar, { nullable: true }) circuitId?: string | null;
}

@InputType('CircuitDecisionInput')
export class CircuitDecisionInput {
  @Field(() => CircuitDecisionEnum) decision!: CircuitDecision;
  @Field(() => Int, { description: 'The version the caller read.' }) version!: number;
  @Field(() => Int, { description: 'The 0-based step the caller acts on.' }) step!: number;
  @Field(() => String, { nullable: true, description: 'Required to send back.' }) @IsOptional() @MaxLength(5_000) comment?: string | null;
}
