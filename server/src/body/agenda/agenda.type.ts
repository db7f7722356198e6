import { IsOptional, Length, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { UuidScalar } from '../../graphql/scalars.js';
import { Access } from '../../graphql/access.js';
import { graphqlEnum } from '../../graphql/enums.js';
import { agendaItemKinds, type AgendaItem, type AgendaItemKind } from './agenda-item.entity.js';
import type { AgendaTreeNode } from './agenda-numbering.js';

export const AgendaItemKindEnum = graphqlEnum(
  agendaItemKinds,
  'AgendaItemKind',
  'Délibération, information, communication, désignation/élection.',
);

@ObjectType('AgendaItem')
@Access('authenticated')
export class AgendaItemType {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Automatic number: 1, 2, 3 … and 2.1, 2.2 for sub-items.' })
  number!: string;

  @Field(() => Int)
  position!: number;

  @Field()
  title!: string;

  @Field(() => AgendaItemKindEnum)
  kind!: AgendaItemKind;

  @Field(() => String, { nullable: true })
  rapporteur!: string | null;

  @Field({ description: 'Concerns an installation classée (ICPE): a note de synthèse is required in every commune.' })
  icpe!: boolean;

  @Field({ description: 'Examined in closed session (huis clos).' })
  closedSession!: boolean;

  @Field({ description: 'Adopts the budget primitif: no one may take part « à distance » in its séance (CGCT L5211-11-1).' })
  budgetPrimitif!: boolean;

  @Field(() => [AgendaItemType])
  children!: AgendaItemType[];

  static from(node: AgendaTreeNode<AgendaItem>): AgendaItemType {
    return Object.assign(new AgendaItemType(), {
      id: node.id,
      number: node.number,
      position: node.position,
      title: node.title,
      kind: node.kind,
      rapporteur: node.rapporteur ?? null,
      icpe: node.icpe,
      closedSession: node.closedSession,
      budgetPrimitif: node.budgetPrimitif,
      children: node.children.map((child) => AgendaItemType.from(child)),
    });
  }
}

@InputType('AgendaItemInput')
export class AgendaItemInput {
  @Field()
  @Length(1, 500, { message: 'Le titre doit compter de 1 à 500 caractères.' })
  title!: string;

  @Field(() => AgendaItemKindEnum)
  kind!: AgendaItemKind;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200, { message: 'Le nom du rapporteur est trop long.' })
  rapporteur?: string | null;

  @Field({ defaultValue: false })
  icpe!: boolean;

  @Field({ defaultValue: false })
  closedSession!: boolean;

  @Field({ defaultValue: false, description: 'Adopts the budget primitif (a délibération only).' })
  budgetPrimitif!: boolean;
}

@InputType('AgendaPlaceInput', {
  description: 'Where an item goes: under a top-level item (or at the top), at a 1-based position (default: last).',
})
export class AgendaPlaceInput {
  @Field(() => UuidScalar, { nullable: true })
  parentId?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1, { message: 'Les positions commencent à 1.' })
  position?: number | null;
}
