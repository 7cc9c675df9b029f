-- index ix_closing_complaint_id
CREATE INDEX ix_closing_complaint_id ON closing (complaint_id);
-- index ix_complaint_closed_on_received
CREATE INDEX ix_complaint_closed_on_received ON complaint (closed_on, received);
-- index ix_complaint_contact_due
CREATE INDEX ix_complaint_contact_due ON complaint (contact_due);
-- index ix_complaint_contact_on
CREATE INDEX ix_complaint_contact_on ON complaint (contact_on);
-- index ix_complaint_handling_due
CREATE INDEX ix_complaint_handling_due ON complaint (handling_due);
-- index ix_complaint_message_id
CREATE UNIQUE INDEX ix_complaint_message_id ON complaint (message_id);
-- index ix_complaint_open_handling_due
CREATE INDEX ix_complaint_open_handling_due ON complaint (handling_due) WHERE status <> 'closed';
-- index ix_complaint_received
CREATE INDEX ix_complaint_received ON complaint (received);
-- index ix_event_complaint_id
CREATE INDEX ix_event_complaint_id ON event (complaint_id);
-- index ix_meeting_partner_id_kind_on
CREATE INDEX ix_meeting_partner_id_kind_on ON meeting (partner_id, kind, "on");
-- index ix_ombudsman_item_deadline
CREATE INDEX ix_ombudsman_item_deadline ON ombudsman_item (deadline);
-- index ix_partner_report_partner_id_quarter
CREATE INDEX ix_partner_report_partner_id_quarter ON partner_report (partner_id, quarter);
-- index ix_stop_notice_partner_id
CREATE INDEX ix_stop_notice_partner_id ON stop_notice (partner_id);
-- index ix_stop_notice_status
CREATE INDEX ix_stop_notice_status ON stop_notice (status);
-- table alembic_version
CREATE TABLE alembic_version ( version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num) );
-- table audit_log
CREATE TABLE audit_log ( id INTEGER NOT NULL, at DATETIME NOT NULL, employee VARCHAR NOT NULL, command VARCHAR NOT NULL, entity VARCHAR NOT NULL, entity_key VARCHAR NOT NULL, action VARCHAR NOT NULL, "before" VARCHAR, "after" VARCHAR, CONSTRAINT pk_audit_log PRIMARY KEY (id) );
-- table category
CREATE TABLE category ( code VARCHAR NOT NULL, label VARCHAR NOT NULL, CONSTRAINT pk_category PRIMARY KEY (code) );
-- table closing
CREATE TABLE closing ( id INTEGER NOT NULL, complaint_id INTEGER NOT NULL, closed_on DATE NOT NULL, kind VARCHAR NOT NULL, verdict VARCHAR, measure VARCHAR, satisfied VARCHAR, ombudsman_named BOOLEAN, feedback_on DATE, handler VARCHAR NOT NULL, handling_due DATE NOT NULL, notice_due DATE, extension_weeks INTEGER NOT NULL, contact_on DATE, contact_due DATE, reopened_on DATE NOT NULL, reopen_kind VARCHAR NOT NULL, created_at DATETIME NOT NULL, CONSTRAINT pk_closing PRIMARY KEY (id), CONSTRAINT fk_closing_complaint_id_complaint FOREIGN KEY(complaint_id) REFERENCES complaint (id) );
-- table complaint
CREATE TABLE complaint ( id INTEGER NOT NULL, number VARCHAR NOT NULL, year INTEGER NOT NULL, seq INTEGER NOT NULL, received DATE NOT NULL, channel VARCHAR NOT NULL, lodged_with VARCHAR NOT NULL, complainant_name VARCHAR, complainant_email VARCHAR, complainant_phone VARCHAR, client VARCHAR, category VARCHAR NOT NULL, provision VARCHAR, description VARCHAR, complex BOOLEAN NOT NULL, earlier_at_partner BOOLEAN NOT NULL, wants_municipality BOOLEAN NOT NULL, to_administrator BOOLEAN NOT NULL, rules VARCHAR NOT NULL, advised_handler VARCHAR NOT NULL, handler VARCHAR NOT NULL, handler_partner_id INTEGER, override_reason VARCHAR, forwarded_on DATE, status VARCHAR NOT NULL, deadline_start DATE NOT NULL, contact_due DATE, contact_rule VARCHAR, handling_due DATE NOT NULL, handling_rule VARCHAR NOT NULL, notice_due DATE, extension_weeks INTEGER NOT NULL, extension_consent BOOLEAN NOT NULL, confirmed_on DATE, contact_on DATE, closed_on DATE, closing_kind VARCHAR, verdict VARCHAR, measure VARCHAR, ombudsman_named BOOLEAN, satisfied VARCHAR, feedback_on DATE, legal_hold BOOLEAN NOT NULL, purged_on DATE, created_at DATETIME NOT NULL, reopened_on DATE, message_id VARCHAR, not_handling_ground VARCHAR, extension_notice_due DATE, extension_notice_on DATE, extension_consent_on DATE, source VARCHAR, CONSTRAINT pk_complaint PRIMARY KEY (id), CONSTRAINT fk_complaint_category_category FOREIGN KEY(category) REFERENCES category (code), CONSTRAINT fk_complaint_handler_partner_id_partner FOREIGN KEY(handler_partner_id) REFERENCES partner (id), CONSTRAINT uq_complaint_number UNIQUE (number), CONSTRAINT uq_complaint_year_seq UNIQUE (year, seq) );
-- table complaint_counter
CREATE TABLE complaint_counter ( year INTEGER NOT NULL, last_seq INTEGER NOT NULL, CONSTRAINT pk_complaint_counter PRIMARY KEY (year) );
-- table complaint_partner
CREATE TABLE complaint_partner ( complaint_id INTEGER NOT NULL, partner_id INTEGER NOT NULL, CONSTRAINT pk_complaint_partner PRIMARY KEY (complaint_id, partner_id), CONSTRAINT fk_complaint_partner_complaint_id_complaint FOREIGN KEY(complaint_id) REFERENCES complaint (id), CONSTRAINT fk_complaint_partner_partner_id_partner FOREIGN KEY(partner_id) REFERENCES partner (id) );
-- table event
CREATE TABLE event ( id INTEGER NOT NULL, complaint_id INTEGER NOT NULL, kind VARCHAR NOT NULL, "on" DATE NOT NULL, employee VARCHAR NOT NULL, text VARCHAR, attachment_name VARCHAR, attachment_type VARCHAR, attachment_sha256 VARCHAR, attachment BLOB, created_at DATETIME NOT NULL, CONSTRAINT pk_event PRIMARY KEY (id), CONSTRAINT fk_event_complaint_id_complaint FOREIGN KEY(complaint_id) REFERENCES complaint (id) );
-- table feestdag
CREATE TABLE feestdag ( day DATE NOT NULL, name VARCHAR NOT NULL, CONSTRAINT pk_feestdag PRIMARY KEY (day) );
-- table letter_template
CREATE TABLE letter_template ( kind VARCHAR NOT NULL, file_name VARCHAR NOT NULL, data BLOB NOT NULL, sha256 VARCHAR NOT NULL, employee VARCHAR NOT NULL, imported_at DATETIME NOT NULL, CONSTRAINT pk_letter_template PRIMARY KEY (kind) );
-- table meeting
CREATE TABLE meeting ( id INTEGER NOT NULL, partner_id INTEGER NOT NULL, kind VARCHAR NOT NULL, "on" DATE NOT NULL, notes VARCHAR, created_at DATETIME NOT NULL, CONSTRAINT pk_meeting PRIMARY KEY (id), CONSTRAINT fk_meeting_partner_id_partner FOREIGN KEY(partner_id) REFERENCES partner (id) );
-- table non_working_day
CREATE TABLE non_working_day ( day DATE NOT NULL, kind VARCHAR NOT NULL, description VARCHAR NOT NULL, CONSTRAINT pk_non_working_day PRIMARY KEY (day) );
-- table ombudsman_item
CREATE TABLE ombudsman_item ( id INTEGER NOT NULL, type VARCHAR NOT NULL, reference VARCHAR NOT NULL, received DATE NOT NULL, deadline DATE NOT NULL, answered_on DATE, complaint_id INTEGER, partner_id INTEGER, via_partner BOOLEAN NOT NULL, notes VARCHAR, created_at DATETIME NOT NULL, CONSTRAINT pk_ombudsman_item PRIMARY KEY (id), CONSTRAINT fk_ombudsman_item_complaint_id_complaint FOREIGN KEY(complaint_id) REFERENCES complaint (id), CONSTRAINT fk_ombudsman_item_partner_id_partner FOREIGN KEY(partner_id) REFERENCES partner (id) );
-- table partner
CREATE TABLE partner ( id INTEGER NOT NULL, code VARCHAR NOT NULL, name VARCHAR NOT NULL, complaint_phone VARCHAR, complaint_email VARCHAR, complaint_web VARCHAR, complaint_address VARCHAR, officer_name VARCHAR, officer_email VARCHAR, officer_phone VARCHAR, contract_manager_name VARCHAR, contract_manager_email VARCHAR, contract_start DATE, contract_end DATE, handover_on DATE, CONSTRAINT pk_partner PRIMARY KEY (id), CONSTRAINT uq_partner_code UNIQUE (code) );
-- table partner_report
CREATE TABLE partner_report ( id INTEGER NOT NULL, partner_id INTEGER NOT NULL, quarter VARCHAR NOT NULL, file_name VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, rows INTEGER NOT NULL, imported_on DATE NOT NULL, employee VARCHAR NOT NULL, created_at DATETIME NOT NULL, CONSTRAINT pk_partner_report PRIMARY KEY (id), CONSTRAINT fk_partner_report_partner_id_partner FOREIGN KEY(partner_id) REFERENCES partner (id) );
-- table partner_report_row
CREATE TABLE partner_report_row ( id INTEGER NOT NULL, partner_id INTEGER NOT NULL, reference VARCHAR NOT NULL, complaint_id INTEGER NOT NULL, quarter VARCHAR NOT NULL, CONSTRAINT pk_partner_report_row PRIMARY KEY (id), CONSTRAINT fk_partner_report_row_partner_id_partner FOREIGN KEY(partner_id) REFERENCES partner (id), CONSTRAINT fk_partner_report_row_complaint_id_complaint FOREIGN KEY(complaint_id) REFERENCES complaint (id), CONSTRAINT uq_partner_report_row_partner_id_reference UNIQUE (partner_id, reference) );
-- table setting
CREATE TABLE setting ( name VARCHAR NOT NULL, value VARCHAR NOT NULL, CONSTRAINT pk_setting PRIMARY KEY (name) );
-- table stop_notice
CREATE TABLE "stop_notice" ( id INTEGER NOT NULL, partner_id INTEGER NOT NULL, client_ref VARCHAR, provision VARCHAR, reason VARCHAR, reported_on DATE NOT NULL, status VARCHAR NOT NULL, consultation_on DATE, decision VARCHAR, decided_on DATE, decision_reason VARCHAR, created_at DATETIME NOT NULL, purged_on DATE, CONSTRAINT pk_stop_notice PRIMARY KEY (id), CONSTRAINT fk_stop_notice_partner_id_partner FOREIGN KEY(partner_id) REFERENCES partner (id) );
-- alembic_version 0012
