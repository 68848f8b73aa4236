-- One database per service: no service reads another's tables.
CREATE DATABASE marketing;
CREATE DATABASE inventory;
CREATE DATABASE support;
CREATE DATABASE content;
CREATE DATABASE board;
