-- Two services once kept password links: the admins' direct creation (password_link, V6) and the forgotten
-- password and import welcome links (member_password_link, V7). Direct creation now sends the same welcome link as
-- the import, so member_password_link is the only table. Links still open in the old one are lost: the person asks
-- for a new one with "forgotten password" (the same answer and the same 7-day welcome otherwise).
drop table password_link;
