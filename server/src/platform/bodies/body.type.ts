import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Access } from '../../graphql/access.js';
import { graphqlEnum } from '../../graphql/enums.js';
import { defaultSenderName, mailIdentity } from '../../notify/mail-identity.js';
import { bodyKinds, bodyStatuses, type Body, type BodyKind, type BodyStatus } from './body.entity.js';

export const BodyKindEnum = graphqlEnum(bodyKinds, 'BodyKind', 'Kind of public body; drives the legal rules.');
export const BodyStatusEnum = graphqlEnum(bodyStatuses, 'BodyStatus', 'Lifecycle of a body in the platform.');

/** What `BodyType` is made from: a body entity, or a row read with its fields (the inbox's). */
export type BodyFields = Pick<
  Body,
  'id' | 'slug' | 'name' | 'kind' | 'population' | 'timeZone' | 'status' | 'logoKey' | 'mailSenderName' | 'mailReplyTo'
>;

@ObjectType('Body', { description: 'A public body of the groupement (a tenant). Fields below it act inside it.' })
@Access('authenticated')
export class BodyType {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Stable, URL-friendly identifier, e.g. `ville-besancon`.' })
  slug!: string;

  @Field()
  name!: string;

  @Field(() => BodyKindEnum)
  kind!: BodyKind;

  @Field(() => Int, { nullable: true, description: 'Municipal population (INSEE), used by the legal rules.' })
  population!: number | null;

  @Field({ description: "IANA time zone in which the body's dates and legal delays are computed." })
  timeZone!: string;

  @Field(() => BodyStatusEnum)
  status!: BodyStatus;

  @Field({
    description:
      "The display name of the body's emails (From), e.g. « Ville de Besançon — Secrétariat des assemblées »; the address is the platform's.",
  })
  mailSenderName!: string;

  @Field({ description: 'The sender name used when the body sets none: « <name> — Secrétariat des assemblées ».' })
  defaultMailSenderName!: string;

  @Field(() => String, {
    nullable: true,
    description: "The Reply-To of the body's emails, set by its secretariat; null: answers go to the sender address.",
  })
  mailReplyTo!: string | null;

  /** Storage key of the logo, for `logoUrl` (not exposed). */
  logoKey!: string | null;

  static from(body: BodyFields): BodyType {
    return Object.assign(new BodyType(), {
      id: body.id,
      slug: body.slug,
      name: body.name,
      kind: body.kind,
      population: body.population ?? null,
      timeZone: body.timeZone,
      status: body.status,
      logoKey: body.logoKey ?? null,
      mailSenderName: mailIdentity(body).senderName,
      defaultMailSenderName: defaultSenderName(body.name),
      mailReplyTo: body.mailReplyTo ?? null,
    });
  }
}
